/**
 * Commander in Chinese: headings, the help option and command, the extra facts appended to option descriptions,
 * and the error messages a person meets most (unknown command or option, missing argument).
 */
import type { Command } from 'commander';

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

const EXTRAS: [RegExp, string][] = [
  [/\bdefault: /g, '默认：'],
  [/\bchoices: /g, '可选：'],
  [/\benv: /g, '环境变量：'],
  [/\bpreset: /g, '预设：'],
];

const ERRORS: [RegExp, string][] = [
  [/^error: unknown command '(.+)'/, "错误：没有命令 '$1'"],
  [/^error: unknown option '(.+)'/, "错误：没有选项 '$1'"],
  [/^error: missing required argument '(.+)'/, "错误：缺少参数 '$1'"],
  [/^error: option '(.+)' argument missing/, "错误：选项 '$1' 缺少取值"],
  [/^error: required option '(.+)' not specified/, "错误：必须提供选项 '$1'"],
  [/^error: too many arguments(.*)/, '错误：参数太多$1'],
  [
    /^error: option '(.+)' argument '(.+)' is invalid\. Allowed choices are (.+)\./,
    "错误：选项 '$1' 的取值 '$2' 无效，可选：$3",
  ],
  [/^\(add --help for additional information\)/m, '（加 --help 查看说明）'],
  [/Did you mean (.+)\?/, '是不是要用 $1？'],
];

export function translateCommanderText(text: string): string {
  let out = text;
  for (const [re, zh] of ERRORS) out = out.replace(re, zh);
  return out;
}

/** Call on the program before its subcommands are added: they inherit these settings. */
export function chineseHelp(program: Command): Command {
  return program
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [command]', '显示某个命令的帮助')
    .configureHelp({
      styleTitle: (title) => TITLES[title] ?? title,
      styleUsage: (usage) => usage.replace('[options]', '[选项]').replace('[command]', '[命令]'),
      optionDescription(option) {
        const extras: string[] = [];
        if (option.argChoices)
          extras.push(`可选：${option.argChoices.map((c) => JSON.stringify(c)).join('、')}`);
        if (option.defaultValue !== undefined && !option.negate)
          extras.push(`默认：${option.defaultValueDescription ?? JSON.stringify(option.defaultValue)}`);
        if (option.envVar !== undefined) extras.push(`环境变量：${option.envVar}`);
        let text = option.description;
        for (const [re, zh] of EXTRAS) text = text.replace(re, zh);
        return extras.length ? `${text}（${extras.join('；')}）` : text;
      },
    })
    .configureOutput({ outputError: (str, write) => write(translateCommanderText(str)) });
}
