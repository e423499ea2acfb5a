/**
 * `/help` (使用指南): the user guide of src/web/guide/content.ts — one tab per role, the signed-in account's role
 * first, each step with what to click and its screenshot (made by e2e/guide.e2e.ts), and the 常见问题.
 */
import { Fragment, useMemo, useState } from 'react';
import { Card, Collapse, Tabs, Typography } from 'antd';
import { useAuth } from '../auth/context.js';
import { FAQ, GUIDE, type GuideClick, type GuideSection } from './content.js';
import './guide.css';

const SHOT_SIZE = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1440, height: 900 },
} as const;

/** How a click reads in the text: the label on the screen in 「」, a name that varies in （）. */
function ClickLabel({ click }: { click: GuideClick }) {
  if (click.kind === 'name') return <span className="jc-guide-name">（{click.label}）</span>;
  const what =
    click.kind === 'tab'
      ? '标签'
      : click.kind === 'menu'
        ? '菜单'
        : click.kind === 'field'
          ? '输入框'
          : click.kind === 'choice'
            ? '选项'
            : '';
  return (
    <span>
      <span className="jc-guide-label">{click.label}</span>
      {what && <span className="jc-muted"> {what}</span>}
    </span>
  );
}

function Section({ section }: { section: GuideSection }) {
  const size = SHOT_SIZE[section.device];
  return (
    <div className="jc-guide-section">
      <Typography.Paragraph>{section.intro}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {section.device === 'phone' ? '以下截图为手机上的样子。' : '以下截图为电脑上的样子。'}
      </Typography.Paragraph>
      <ol className="jc-guide-steps">
        {section.steps.map((step, i) => (
          <li key={step.shot}>
            <Card variant="borderless" className={`jc-guide-step is-${section.device}`}>
              <Typography.Title level={4} className="jc-guide-step-title">
                第 {i + 1} 步：{step.title}
              </Typography.Title>
              <Typography.Paragraph>{step.text}</Typography.Paragraph>
              {step.clicks.length > 0 && (
                <Typography.Paragraph className="jc-guide-clicks">
                  <span className="jc-muted">点击：</span>
                  {step.clicks.map((c, k) => (
                    <Fragment key={k}>
                      {k > 0 && <span className="jc-muted"> → </span>}
                      <ClickLabel click={c} />
                    </Fragment>
                  ))}
                </Typography.Paragraph>
              )}
              <a
                href={`/guide/${step.shot}.jpg`}
                target="_blank"
                rel="noreferrer"
                className={`jc-guide-shot is-${section.device}`}
              >
                <img
                  src={`/guide/${step.shot}.jpg`}
                  loading="lazy"
                  decoding="async"
                  width={size.width}
                  height={size.height}
                  alt={`截图：${section.roleName}——${step.title}`}
                />
              </a>
            </Card>
          </li>
        ))}
      </ol>
    </div>
  );
}

export default function GuidePage() {
  const { user } = useAuth();
  const sections = useMemo(() => {
    const own = GUIDE.filter((s) => s.role === user?.role);
    return [...own, ...GUIDE.filter((s) => s.role !== user?.role)];
  }, [user?.role]);
  const [active, setActive] = useState<string>(sections[0]?.role ?? 'faq');

  return (
    <div className="jc-guide">
      <div className="jc-page-head">
        <Typography.Title level={3} className="jc-page-title">
          使用指南
        </Typography.Title>
        <Typography.Text type="secondary">
          按角色介绍每月的常规工作，一步一图。每项信息只需录入一次，统计由系统自动生成。截图由系统的自动测试按同样的步骤生成，与当前界面一致。
        </Typography.Text>
      </div>
      <Tabs
        activeKey={active}
        onChange={setActive}
        items={[
          ...sections.map((s) => ({
            key: s.role,
            label: s.role === user?.role ? `${s.roleName}（我的角色）` : s.roleName,
            children: <Section section={s} />,
          })),
          {
            key: 'faq',
            label: '常见问题',
            children: (
              <Collapse
                items={FAQ.map((f, i) => ({
                  key: String(i),
                  label: f.q,
                  children: <Typography.Paragraph style={{ margin: 0 }}>{f.a}</Typography.Paragraph>,
                }))}
                defaultActiveKey={FAQ.map((_, i) => String(i))}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
