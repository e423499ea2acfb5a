/**
 * The org tree on the left: lazily loads children, shows member counts, greys dissolved orgs, follows the
 * current page (expands down to the org on screen) and has a search box that jumps to any org. Below the root of
 * the account's own subtree, each org granted to it by assignment that the binding does not reach is a root of its
 * own, marked 受托联系 with the grant's last day (decision 0010).
 */
import { startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
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
import dayjs from 'dayjs';
import type { OrgNode } from '../../shared/schemas.js';
import type { Capabilities } from '../../shared/capabilities.js';
import { api, errorMessage, type OrgSearchItem } from '../api/client.js';
import { useDebounced } from '../api/hooks.js';
import { useAuth } from '../auth/context.js';
import { kindLabel } from '../lib/format.js';
import type { Latch } from './context.js';

type GrantInForce = Capabilities['grants'][number];

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
  /**
   * the tree is drawn once this opens (the page's first screen painted) or a person touches the panel; its data
   * loads at once either way
   */
  latch?: Latch;
}

export function OrgTreePanel({ focusCode, version, onNavigate, latch }: Props) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { user, perms } = useAuth();
  // the grants in force, by the org they are on (at most one per org at a time)
  const grants = user?.capabilities.grants;
  const binding = user?.capabilities.binding;
  const grantKey = JSON.stringify(grants ?? []);
  const grantByCode = useMemo(
    () => new Map((JSON.parse(grantKey) as GrantInForce[]).map((g) => [g.orgCode, g])),
    [grantKey],
  );
  const ownTree = !perms.selfOnly;
  const bindingCode = binding?.orgCode ?? null;
  const everything = !!binding?.subtree && bindingCode === null;
  // the account's own root first, then the granted roots
  const [rootCodes, setRootCodes] = useState<string[]>([]);
  const [state, setState] = useState<TreeState>({ nodes: {}, children: {} });
  const [expanded, setExpanded] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [initialLoading, setInitialLoading] = useState(true);
  const [retry, setRetry] = useState(0);
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const latest = useRef({ state, expanded });
  latest.current = { state, expanded };
  // drawn after the page's first screen, in a render React may interrupt for a person's input
  const [ready, setReady] = useState(() => !latch || latch.isOpen());
  useEffect(() => {
    if (!latch) return;
    const show = () => startTransition(() => setReady(true));
    if (latch.isOpen()) show();
    return latch.subscribe(show);
  }, [latch]);
  // when a person last used the panel (clicked, scrolled, typed): a reveal scheduled before that does not scroll
  const touched = useRef(-1);
  const [revealed, setRevealed] = useState(0);
  const firstLoad = useRef(true);

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
        const root = ownTree ? await api.rootOrg() : null;
        // a granted org the binding reaches, or one inside another granted org, is in the tree already
        const granted = everything ? [] : [...grantByCode.keys()];
        const views = await Promise.all(granted.map((code) => api.org(code).catch(() => null)));
        if (cancelled) return;
        const covering = new Set([
          ...(root ? [root.code] : []),
          ...(bindingCode ? [bindingCode] : []),
          ...granted,
        ]);
        const extra = views.filter(
          (v): v is NonNullable<typeof v> =>
            !!v &&
            v.code !== root?.code &&
            v.code !== bindingCode &&
            !v.ancestors.some((a) => covering.has(a.code)),
        );
        const roots = [...(root ? [root] : []), ...extra];
        const nodes: Record<string, OrgNode> = Object.fromEntries(roots.map((r) => [r.code, r]));
        const rootList = roots.map((r) => r.code);
        const children: Record<string, string[]> = {};
        const wanted = new Set([...rootList, ...latest.current.expanded]);
        let level = rootList.filter((code) => nodes[code]!.childCount > 0);
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
        // the first load keeps what arrived meanwhile (a person may have opened a node already); a re-read
        // replaces everything
        const merge = firstLoad.current;
        firstLoad.current = false;
        const all = merge ? { ...latest.current.state.children, ...children } : children;
        setRootCodes(rootList);
        setState((prev) =>
          merge
            ? { nodes: { ...prev.nodes, ...nodes }, children: { ...prev.children, ...children } }
            : { nodes, children },
        );
        setExpanded((prev) => {
          const kept = merge ? prev : prev.filter((k) => all[k]);
          return [...rootList.filter((c) => all[c] && !kept.includes(c)), ...kept];
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
  }, [version, retry, ownTree, everything, bindingCode, grantByCode]);

  // reveal the focused org: load the chain of its ancestors and expand it
  useEffect(() => {
    if (!focusCode || rootCodes.length === 0) return;
    let cancelled = false;
    (async () => {
      const { nodes } = latest.current.state;
      let path: string[] | null = null;
      for (const root of rootCodes) path ??= knownPath(nodes, root, focusCode);
      if (!path) {
        try {
          const view = await api.org(focusCode);
          const chain = view.ancestors.map((a) => a.code).filter((c) => c !== focusCode);
          const i = chain.findIndex((c) => rootCodes.includes(c));
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
      setRevealed((n) => n + 1);
    })();
    return () => {
      cancelled = true;
    };
  }, [focusCode, rootCodes, mergeChildren]);

  // scroll the revealed org into view once the tree is drawn, unless a person has used the tree meanwhile
  useEffect(() => {
    if (!ready || revealed === 0 || !focusCode) return;
    const since = performance.now();
    const timers: ReturnType<typeof setTimeout>[] = [];
    // the expand animation briefly hides new rows from the virtual list: try again once it has settled
    for (const ms of [80, 400, 900]) {
      timers.push(
        setTimeout(() => {
          if (touched.current >= since) return;
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
        }, ms),
      );
    }
    return () => timers.forEach(clearTimeout);
  }, [ready, revealed, focusCode]);

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
    const build = (code: string, depth: number): TreeDataNode => {
      const n = state.nodes[code]!;
      const kids = state.children[code];
      // a granted root (not the account's own): marked, with the grant's last day
      const grant = depth === 0 && code !== bindingCode ? grantByCode.get(code) : undefined;
      return {
        key: code,
        title: grant ? <GrantedRootTitle node={n} grant={grant} /> : <NodeTitle node={n} />,
        className: grant ? 'jc-tree-granted-root' : undefined,
        isLeaf: n.childCount === 0 && !(kids && kids.length > 0),
        children:
          kids && depth < 64 ? kids.filter((k) => state.nodes[k]).map((k) => build(k, depth + 1)) : undefined,
      };
    };
    return rootCodes.filter((c) => state.nodes[c]).map((c) => build(c, 0));
  }, [rootCodes, state, grantByCode, bindingCode]);

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

  // a person reaching for the panel draws the tree at once
  const touch = () => {
    touched.current = performance.now();
    latch?.open();
  };

  return (
    <div
      className="jc-tree-panel"
      onPointerDownCapture={touch}
      onKeyDownCapture={touch}
      onFocusCapture={() => latch?.open()}
    >
      <div className="jc-tree-search">
        <OrgSearchBox onPick={(o) => goTo(o.code)} />
      </div>
      <div className="jc-tree-scroll" ref={scrollRef} onWheel={() => (touched.current = performance.now())}>
        {initialLoading || !ready ? (
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

/** A granted org as a root of the tree: its title, and 受托联系 with the last day the grant holds. */
function GrantedRootTitle({ node, grant }: { node: OrgNode; grant: GrantInForce }) {
  // valid_to is exclusive: the grant holds until the day before
  const until = grant.validTo
    ? `至 ${dayjs(grant.validTo).subtract(1, 'day').format('YYYY-MM-DD')}`
    : '长期有效';
  return (
    <span className="jc-tree-grant">
      <NodeTitle node={node} />
      <span className="jc-tree-grant-note">受托联系 · {until}</span>
    </span>
  );
}

/** Search box that finds orgs by name or code (`/orgs?q=`) and hands the chosen one back. */
export function OrgSearchBox({
  onPick,
  placeholder = '搜索：名称、编码或拼音首字母',
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
