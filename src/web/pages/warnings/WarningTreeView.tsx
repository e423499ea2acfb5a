/**
 * 预警 → 组织树 (decision 0039): the subtree's orgs with each org's worst level (red / amber / none), its own warnings
 * and how many orgs below it have a red or only amber warning; a name opens the org's 健康 tab. A desktop shows a
 * tree (the first level open); a phone a list of cards, one level at a time (下级 drills in, 返回上一级 back). Tree
 * order, never ranked.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Empty, Grid, Space, Switch, Tag, Tree, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import type { WarningTree, WarningTreeNode } from '../../../shared/warnings.js';

const enc = encodeURIComponent;
const healthTab = (code: string) => `/orgs/${enc(code)}?tab=health`;

const LEVEL_ZH = { red: '红色预警', amber: '黄色预警' } as const;

function Dot({ level }: { level: WarningTreeNode['level'] }) {
  return (
    <span
      className={`jc-level-dot jc-level-dot-${level ?? 'none'}`}
      role="img"
      aria-label={level ? LEVEL_ZH[level] : '无预警'}
    />
  );
}

function OwnTags({ n, zh }: { n: WarningTreeNode; zh: (k: string) => string }) {
  return (
    <>
      {n.reds.length > 0 && (
        <Tag color="red" title={n.reds.map(zh).join('、')}>
          红 {n.reds.length}
        </Tag>
      )}
      {n.ambers.length > 0 && (
        <Tag color="gold" title={n.ambers.map(zh).join('、')}>
          黄 {n.ambers.length}
        </Tag>
      )}
    </>
  );
}

const Below = ({ n }: { n: WarningTreeNode }) =>
  n.below.orgs > 0 ? (
    <Typography.Text type="secondary" className="jc-tree-below">
      下级{n.below.orgs}个：<span className="jc-red-text">红 {n.below.red}</span>
      <span className="jc-amber-text">黄 {n.below.amber}</span>
    </Typography.Text>
  ) : null;

interface TreeItem {
  key: string;
  title: ReactNode;
  children: TreeItem[];
}

export function WarningTreeView({ tree, zh }: { tree: WarningTree; zh: (key: string) => string }) {
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false && Object.keys(screens).length > 0;
  const [onlyWarned, setOnlyWarned] = useState(false);
  const nodes = useMemo(
    () =>
      onlyWarned
        ? tree.nodes.filter((n) => n.depth === 0 || n.level || n.below.red + n.below.amber > 0)
        : tree.nodes,
    [tree, onlyWarned],
  );
  const root = nodes.find((n) => n.depth === 0);
  const toggle = (
    <Space size={6}>
      <Switch size="small" checked={onlyWarned} onChange={setOnlyWarned} aria-label="只显示有预警的组织" />
      <span>只显示有预警的组织</span>
    </Space>
  );
  if (!root) return <Empty description="没有党组织" />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap size={16}>
        {toggle}
        <Typography.Text type="secondary">
          <Dot level="red" /> 有红色预警 <Dot level="amber" /> 仅有黄色预警 <Dot level={null} /> 无预警
        </Typography.Text>
      </Space>
      {phone ? <PhoneCards nodes={nodes} root={root} zh={zh} /> : <DesktopTree nodes={nodes} zh={zh} />}
    </Space>
  );
}

function DesktopTree({ nodes, zh }: { nodes: WarningTreeNode[]; zh: (k: string) => string }) {
  const { items, open } = useMemo(() => {
    const byCode = new Map<string, TreeItem>();
    const roots: TreeItem[] = [];
    for (const n of nodes) {
      const item: TreeItem = {
        key: n.code,
        title: (
          <span className="jc-tree-node" data-testid={`tree-node-${n.code}`}>
            <Dot level={n.level} />
            <Link to={healthTab(n.code)}>{n.name}</Link>
            <OwnTags n={n} zh={zh} />
            <Below n={n} />
          </span>
        ),
        children: [],
      };
      byCode.set(n.code, item);
      const parent = n.parent ? byCode.get(n.parent) : undefined;
      if (parent) parent.children.push(item);
      else roots.push(item);
    }
    return { items: roots, open: nodes.filter((n) => n.depth <= 0).map((n) => n.code) };
  }, [nodes, zh]);
  return (
    <Tree
      className="jc-warning-tree"
      treeData={items}
      defaultExpandedKeys={open}
      selectable={false}
      blockNode
      showLine
    />
  );
}

function PhoneCards({
  nodes,
  root,
  zh,
}: {
  nodes: WarningTreeNode[];
  root: WarningTreeNode;
  zh: (k: string) => string;
}) {
  const [focus, setFocus] = useState<string>(root.code);
  const current = nodes.find((n) => n.code === focus) ?? root;
  const children = nodes.filter((n) => n.parent === current.code);
  const card = (n: WarningTreeNode, head = false) => (
    <Card
      key={n.code}
      size="small"
      className={`jc-tree-card jc-tree-card-${n.level ?? 'none'}`}
      data-testid={`tree-card-${n.code}`}
      title={
        <Space size={6}>
          <Dot level={n.level} />
          <Link to={healthTab(n.code)}>{n.name}</Link>
        </Space>
      }
      extra={
        !head && nodes.some((c) => c.parent === n.code) ? (
          <Button size="small" type="link" onClick={() => setFocus(n.code)} aria-label={`${n.name}的下级`}>
            下级 <RightOutlined aria-hidden />
          </Button>
        ) : null
      }
    >
      <Space orientation="vertical" size={2}>
        {n.reds.length + n.ambers.length > 0 ? (
          <span>
            <OwnTags n={n} zh={zh} />
            <Typography.Text type="secondary">{[...n.reds, ...n.ambers].map(zh).join('、')}</Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">本组织无预警</Typography.Text>
        )}
        <Below n={n} />
      </Space>
    </Card>
  );
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {current.code !== root.code && (
        <Button
          size="small"
          icon={<LeftOutlined aria-hidden />}
          onClick={() => setFocus(current.parent ?? root.code)}
        >
          返回上一级
        </Button>
      )}
      {card(current, true)}
      {children.length === 0 ? <Empty description="没有下级组织" /> : children.map((c) => card(c))}
    </Space>
  );
}
