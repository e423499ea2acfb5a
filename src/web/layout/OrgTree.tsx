/**
 * The org tree on the left: lazily loads children, shows member counts, greys dissolved orgs, follows the
 * current page (expands down to the org on screen) and has a search box that jumps to any org.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Alert,
  App,
  AutoComplete,
  Badge,
  Button,
  Empty,
  Input,
  Skeleton,
  Tree,
  type GetRef,
  type TreeDataNode,
} from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { OrgNode } from '../../shared/schemas.js';
import { api, errorMessage, type OrgSearchItem } from '../api/client.js';
import { useDebounced } from '../api/hooks.js';
import { kindLabel } from '../lib/format.js';

interface TreeState {
  nodes: Record<string, OrgNode>;
  /** loaded children per org code */
  children: Record<string, string[]>;
}

interface Props {
  /** org to select and reveal */
  focusCode: string | null;
  /** bumps when the tree should be read again */
  version: number;
  /** called after the tree navigated somewhere (closes the drawer on phones) */
  onNavigate?: () => void;
}

export function OrgTreePanel({ focusCode, version, onNavigate }: Props) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [rootCode, setRootCode] = useState<string | null>(null);
  const [state, setState] = useState<TreeState>({ nodes: {}, children: {} });
  const [expanded, setExpanded] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [initialLoading, setInitialLoading] = useState(true);
  const [retry, setRetry] = useState(0);
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const latest = useRef({ state, expanded });
  latest.current = { state, expanded };

  const mergeChildren = useCallback((parent: string, list: OrgNode[]) => {
    setState((prev) => {
      const nodes = { ...prev.nodes };
      for (const o of list) nodes[o.code] = o;
      return { nodes, children: { ...prev.children, [parent]: list.map((o) => o.code) } };
    });
  }, []);

  // first load, and a full re-read (breadth first over what is expanded) whenever `version` changes
  useEffect(() => {
    let cancelled = false;
    (async () => {
      setLoadError(null);
      try {
        const root = await api.rootOrg();
        if (cancelled) return;
        const nodes: Record<string, OrgNode> = { [root.code]: root };
        const children: Record<string, string[]> = {};
        const wanted = new Set([root.code, ...latest.current.expanded]);
        let level = [root.code];
        while (level.length > 0 && !cancelled) {
          const lists = await Promise.all(
            level.map((code) => api.orgChildren(code).catch(() => null as OrgNode[] | null)),
          );
          const next: string[] = [];
          level.forEach((code, i) => {
            const list = lists[i];
            if (!list) return;
            children[code] = list.map((o) => o.code);
            for (const o of list) {
              nodes[o.code] = o;
              if (wanted.has(o.code) && o.childCount > 0) next.push(o.code);
            }
          });
          level = next;
        }
        if (cancelled) return;
        setRootCode(root.code);
        setState({ nodes, children });
        setExpanded((prev) => {
          const kept = prev.filter((k) => children[k]);
          return kept.includes(root.code) ? kept : [root.code, ...kept];
        });
      } catch (e) {
        if (!cancelled) setLoadError(e);
      } finally {
        if (!cancelled) setInitialLoading(false);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [version, retry]);

  // reveal the focused org: load the chain of its ancestors and expand it
  useEffect(() => {
    if (!focusCode || !rootCode) return;
    let cancelled = false;
    (async () => {
      const { nodes } = latest.current.state;
      let path = knownPath(nodes, rootCode, focusCode);
      if (!path) {
        try {
          const view = await api.org(focusCode);
          const chain = view.ancestors.map((a) => a.code).filter((c) => c !== focusCode);
          const i = chain.indexOf(rootCode);
          if (i < 0) return; // outside the signed-in user's tree
          path = chain.slice(i);
        } catch {
          return;
        }
      }
      for (const code of path) {
        if (cancelled) return;
        if (!latest.current.state.children[code]) {
          try {
            mergeChildren(code, await api.orgChildren(code));
          } catch {
            return;
          }
        }
      }
      if (cancelled) return;
      const want = path;
      setExpanded((prev) => [...prev, ...want.filter((c) => !prev.includes(c))]);
      // the expand animation briefly hides new rows from the virtual list: try again once it has settled
      for (const ms of [80, 400, 900]) {
        setTimeout(() => {
          if (cancelled) return;
          // scroll only when the node is not already in view (the virtual list warns on no-op scrolls)
          const box = scrollRef.current;
          const el = box?.querySelector('.ant-tree-treenode-selected');
          if (box && el) {
            const a = el.getBoundingClientRect();
            const b = box.getBoundingClientRect();
            if (a.top >= b.top && a.bottom <= b.bottom) return;
          }
          // land the node about a third of the way down, with its parents visible above it
          treeRef.current?.scrollTo({
            key: focusCode,
            align: 'top',
            offset: Math.round((box?.clientHeight ?? 300) / 3),
          });
        }, ms);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [focusCode, rootCode, mergeChildren]);

  const loadData = useCallback(
    async (node: { key: React.Key }) => {
      const code = String(node.key);
      if (latest.current.state.children[code]) return;
      try {
        mergeChildren(code, await api.orgChildren(code));
      } catch (e) {
        message.error(errorMessage(e));
        setExpanded((prev) => prev.filter((k) => k !== code));
      }
    },
    [mergeChildren, message],
  );

  const treeData = useMemo<TreeDataNode[]>(() => {
    if (!rootCode || !state.nodes[rootCode]) return [];
    const build = (code: string, depth: number): TreeDataNode => {
      const n = state.nodes[code]!;
      const kids = state.children[code];
      return {
        key: code,
        title: <NodeTitle node={n} />,
        isLeaf: n.childCount === 0 && !(kids && kids.length > 0),
        children:
          kids && depth < 64 ? kids.filter((k) => state.nodes[k]).map((k) => build(k, depth + 1)) : undefined,
      };
    };
    return [build(rootCode, 0)];
  }, [rootCode, state]);

  // the tree virtualises its rows, which needs a pixel height
  const [height, setHeight] = useState<number | undefined>(undefined);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight > 50 ? el.clientHeight : undefined));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const goTo = (code: string) => {
    navigate(`/orgs/${encodeURIComponent(code)}`);
    onNavigate?.();
  };

  return (
    <div className="jc-tree-panel">
      <div className="jc-tree-search">
        <OrgSearchBox onPick={(o) => goTo(o.code)} />
      </div>
      <div className="jc-tree-scroll" ref={scrollRef}>
        {initialLoading ? (
          <div style={{ padding: 12 }}>
            <Skeleton active paragraph={{ rows: 8 }} title={false} />
          </div>
        ) : loadError ? (
          <Alert
            type="error"
            showIcon
            style={{ margin: 12 }}
            title="党组织树加载失败"
            description={errorMessage(loadError)}
            action={
              <Button size="small" onClick={() => setRetry((r) => r + 1)}>
                重试
              </Button>
            }
          />
        ) : treeData.length === 0 ? (
          <Empty description="暂无党组织" image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Tree
            ref={treeRef}
            aria-label="党组织树"
            blockNode
            showLine={{ showLeafIcon: false }}
            treeData={treeData}
            height={height}
            loadData={loadData}
            loadedKeys={Object.keys(state.children)}
            expandedKeys={expanded}
            onExpand={(keys) => setExpanded(keys.map(String))}
            selectedKeys={focusCode ? [focusCode] : []}
            onSelect={(_keys, info) => goTo(String(info.node.key))}
          />
        )}
      </div>
    </div>
  );
}

/** Root-to-parent chain when every link is already loaded, else null. */
function knownPath(nodes: Record<string, OrgNode>, rootCode: string, code: string): string[] | null {
  const byId = new Map<number, OrgNode>();
  for (const n of Object.values(nodes)) byId.set(n.id, n);
  const path: string[] = [];
  let cur = nodes[code];
  if (!cur) return null;
  for (let guard = 0; guard < 100; guard++) {
    if (cur.code === rootCode) return path.reverse();
    if (cur.parentId == null) return null;
    const parent = byId.get(cur.parentId);
    if (!parent) return null;
    path.push(parent.code);
    cur = parent;
  }
  return null;
}

function NodeTitle({ node }: { node: OrgNode }) {
  const dissolved = node.status === 'dissolved';
  return (
    <span
      className={`jc-tree-node${dissolved ? ' is-dissolved' : ''}`}
      title={`${node.name}${dissolved ? '（已撤销）' : ''}，${node.memberCount}名党员`}
    >
      <span className="jc-tree-node-name">{node.name}</span>
      <Badge
        count={node.memberCount}
        showZero
        overflowCount={999999}
        size="small"
        aria-label={`${node.memberCount}名党员`}
        style={
          dissolved
            ? { backgroundColor: '#f0f0f0', color: 'rgba(0,0,0,.35)', boxShadow: 'none' }
            : { backgroundColor: '#fff1f0', color: '#c81623', boxShadow: '0 0 0 1px #ffccc7' }
        }
      />
    </span>
  );
}

/** Search box that finds orgs by name or code (`/orgs?q=`) and hands the chosen one back. */
export function OrgSearchBox({
  onPick,
  placeholder = '搜索党组织名称或编码',
  ariaLabel = '搜索党组织',
  under,
}: {
  onPick: (org: OrgSearchItem) => void;
  placeholder?: string;
  ariaLabel?: string;
  under?: string;
}) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const [items, setItems] = useState<OrgSearchItem[]>([]);
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    if (!q) {
      setItems([]);
      return;
    }
    const ctrl = new AbortController();
    setSearching(true);
    api
      .searchOrgs({ q, under, pageSize: 20 }, ctrl.signal)
      .then((page) => {
        if (!ctrl.signal.aborted) setItems(page.items);
      })
      .catch(() => {
        if (!ctrl.signal.aborted) setItems([]);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setSearching(false);
      });
    return () => ctrl.abort();
  }, [q, under]);

  const opts = items.map((o) => ({
    value: o.code,
    label: (
      <div style={{ lineHeight: 1.4, padding: '2px 0' }}>
        <div style={{ fontWeight: 500, whiteSpace: 'normal' }}>
          {o.name}
          {o.status === 'dissolved' && <span className="jc-muted">（已撤销）</span>}
        </div>
        <div className="jc-muted" style={{ fontSize: 12, whiteSpace: 'normal' }}>
          {[kindLabel(o.kind), o.parentName, o.code].filter(Boolean).join(' · ')}
        </div>
      </div>
    ),
  }));

  return (
    <AutoComplete
      style={{ width: '100%' }}
      value={text}
      options={opts}
      onSearch={setText}
      onChange={(v) => setText(typeof v === 'string' ? v : '')}
      onSelect={(code: string) => {
        const org = items.find((o) => o.code === code);
        setText('');
        setItems([]);
        if (org) onPick(org);
      }}
      defaultActiveFirstOption
      notFoundContent={q && !searching ? '没有找到匹配的党组织' : null}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 360, minWidth: 260 } } }}
    >
      <Input
        aria-label={ariaLabel}
        placeholder={placeholder}
        prefix={<SearchOutlined aria-hidden className="jc-muted" />}
        allowClear
      />
    </AutoComplete>
  );
}
