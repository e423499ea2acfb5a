import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { chineseHelp, translateCommanderText } from '../../src/cli/help-zh.js';

describe('the command line speaks Chinese', () => {
  it('writes help headings, the help option and option facts in Chinese', () => {
    const program = chineseHelp(new Command('jiceng')).description('测试');
    program
      .command('demo')
      .description('演示')
      .option('--scale <scale>', '规模', 'county')
      .option('--port <port>', '端口');
    const top = program.helpInformation();
    expect(top).toContain('用法： jiceng [选项] [命令]');
    expect(top).toContain('选项：');
    expect(top).toContain('命令：');
    expect(top).toContain('显示帮助');
    expect(top).not.toMatch(/Usage:|Options:|Commands:|display help/);
    const sub = program.commands[0]!.helpInformation();
    expect(sub).toContain('规模（默认："county"）');
    expect(sub).not.toContain('default:');
  });

  it('translates the errors a person meets most', () => {
    expect(translateCommanderText("error: unknown command 'foo'")).toBe("错误：没有命令 'foo'");
    expect(translateCommanderText("error: unknown option '--x'")).toBe("错误：没有选项 '--x'");
    expect(translateCommanderText("error: missing required argument 'file'")).toBe("错误：缺少参数 'file'");
  });
});
