/**
 * A table on a desktop, a list of cards on a phone (issue 10: "tables become lists of cards below a breakpoint").
 * Takes the props of antd's Table unchanged, so a page swaps `<Table` for `<ResponsiveTable` and keeps its columns,
 * pagination (client- or server-side, including a Table `onChange` that reads the page) and expandable rows. Below
 * the `md` breakpoint (768 px) each row becomes a card: the first column (or `cardTitle`) is the card's heading, the
 * other columns are label–value lines in column order, an `actions` column goes to the card's foot, and an expandable
 * row gets a 展开 / 收起 switch. Sorting and filters stay on the desktop table; a phone shows the server's order.
 */
import { Button, Empty, Grid, Pagination, Skeleton, Table } from 'antd';
import type { TableProps } from 'antd';
import { useState, type Key, type ReactNode } from 'react';

export interface ResponsiveTableProps<T> extends TableProps<T> {
  /** the card's heading; the first column's cell by default */
  cardTitle?: (row: T, index: number) => ReactNode;
  /** column keys (or dataIndex names) not shown on a card */
  cardHidden?: readonly string[];
  /** force the card layout (tests and pages that are always narrow) */
  cards?: boolean;
}

/** The little of a column a card needs (antd's column types are too deep to instantiate here). */
interface Col {
  key?: Key;
  dataIndex?: string | number | readonly (string | number)[];
  title?: unknown;
  render?: (value: unknown, row: unknown, index: number) => unknown;
  children?: unknown;
}

interface Pager {
  current?: number;
  pageSize?: number;
  total?: number;
  onChange?: (page: number, size: number) => void;
  showTotal?: (total: number, range: [number, number]) => ReactNode;
}

interface Expand {
  expandedRowRender?: (row: unknown, index: number, indent: number, expanded: boolean) => ReactNode;
  rowExpandable?: (row: unknown) => boolean;
  onExpandedRowsChange?: (keys: readonly Key[]) => void;
}

function keyOf(c: Col): string {
  if (c.key !== undefined) return String(c.key);
  if (Array.isArray(c.dataIndex)) return c.dataIndex.join('.');
  return c.dataIndex === undefined ? '' : String(c.dataIndex as string | number);
}

function valueOf(row: unknown, c: Col): unknown {
  const path: readonly (string | number)[] = Array.isArray(c.dataIndex)
    ? c.dataIndex
    : c.dataIndex === undefined
      ? []
      : [c.dataIndex as string | number];
  let v: unknown = row;
  for (const k of path) v = v == null ? undefined : (v as Record<string | number, unknown>)[k];
  return path.length ? v : undefined;
}

function cell(row: unknown, c: Col, index: number): ReactNode {
  const v = valueOf(row, c);
  if (c.render) {
    const r = c.render(v, row, index);
    // a render may return { children, props } (cell spans); a card shows the children
    if (r && typeof r === 'object' && 'children' in r && 'props' in r && !('$$typeof' in r))
      return (r as { children: ReactNode }).children;
    return r as ReactNode;
  }
  if (v === null || v === undefined || v === '') return <span className="jc-muted">—</span>;
  return String(v as string | number);
}

export function ResponsiveTable<T extends object>(props: ResponsiveTableProps<T>) {
  const screens = Grid.useBreakpoint();
  // useBreakpoint is empty before the first measurement: assume a desktop then
  const narrow = props.cards === true || (screens.md === false && Object.keys(screens).length > 0);
  if (!narrow) {
    const tableProps: Record<string, unknown> = { ...props };
    delete tableProps.cardTitle;
    delete tableProps.cardHidden;
    delete tableProps.cards;
    return <Table<T> {...(tableProps as TableProps<T>)} />;
  }
  return <CardList {...props} />;
}

function CardList<T extends object>(props: ResponsiveTableProps<T>) {
  const rows = [...((props.dataSource ?? []) as readonly unknown[])];
  const cols = ((props.columns ?? []) as unknown as Col[]).filter((c) => !c.children);
  const expandable = props.expandable as Expand | undefined;
  const onChange = props.onChange as ((...args: unknown[]) => void) | undefined;
  const rowKey = props.rowKey as string | ((row: unknown, index?: number) => Key) | undefined;
  const rowClassName = props.rowClassName as
    string | ((row: unknown, i: number, indent: number) => string) | undefined;
  const loading = props.loading as boolean | { spinning?: boolean } | undefined;
  const locale = props.locale as { emptyText?: ReactNode } | undefined;
  const title = props.title as ((rows: unknown[]) => ReactNode) | undefined;
  const [localPage, setLocalPage] = useState(1);
  const [open, setOpen] = useState<Key[]>([]);
  const hidden = new Set(props.cardHidden ?? []);
  const [first, ...rest] = cols;
  const actions = rest.filter((c) => keyOf(c) === 'actions');
  const lines = rest.filter((c) => keyOf(c) !== 'actions' && !hidden.has(keyOf(c)));

  const paged = props.pagination !== false && props.pagination !== undefined;
  const p = (paged ? props.pagination : {}) as Pager;
  const serverSide = paged && p.total !== undefined && p.total > rows.length;
  const pageSize = p.pageSize ?? 10;
  const current = p.current ?? localPage;
  const shown = paged && !serverSide ? rows.slice((current - 1) * pageSize, current * pageSize) : rows;
  const total = paged ? (p.total ?? rows.length) : rows.length;
  const keyFor = (r: unknown, i: number): Key =>
    typeof rowKey === 'function'
      ? rowKey(r, i)
      : (((r as Record<string, unknown>)[rowKey ?? 'key'] as Key | undefined) ?? i);
  const changePage = (page: number, size: number) => {
    setLocalPage(page);
    p.onChange?.(page, size);
    onChange?.(
      { ...p, current: page, pageSize: size },
      {},
      {},
      { action: 'paginate', currentDataSource: rows },
    );
  };

  const spinning = typeof loading === 'object' ? loading.spinning : loading;
  if (spinning && rows.length === 0) return <Skeleton active paragraph={{ rows: 4 }} />;
  const empty = locale?.emptyText ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const cardTitle = props.cardTitle as ((row: unknown, i: number) => ReactNode) | undefined;
  return (
    <div className="jc-cards" aria-busy={spinning ? true : undefined}>
      {title && <div className="jc-cards-title">{title(shown)}</div>}
      {shown.length === 0 ? (
        <div className="jc-cards-empty">{empty}</div>
      ) : (
        <ul className="jc-card-list">
          {shown.map((r, i) => {
            const k = keyFor(r, i);
            const expandableRow = !!expandable?.expandedRowRender && (expandable.rowExpandable?.(r) ?? true);
            const isOpen = open.includes(k);
            const rowClass = typeof rowClassName === 'function' ? rowClassName(r, i, 0) : rowClassName;
            return (
              <li key={k} className={`jc-card ${rowClass ?? ''}`}>
                <div className="jc-card-head">
                  {cardTitle ? cardTitle(r, i) : first ? cell(r, first, i) : null}
                </div>
                {lines.length > 0 && (
                  <dl className="jc-card-lines">
                    {lines.map((c) => (
                      <div key={keyOf(c)} className="jc-card-line">
                        <dt>{c.title as ReactNode}</dt>
                        <dd>{cell(r, c, i)}</dd>
                      </div>
                    ))}
                  </dl>
                )}
                {(actions.length > 0 || expandableRow) && (
                  <div className="jc-card-foot">
                    {actions.map((c) => (
                      <span key={keyOf(c)}>{cell(r, c, i)}</span>
                    ))}
                    {expandableRow && (
                      <Button
                        type="link"
                        size="small"
                        aria-expanded={isOpen}
                        onClick={() => {
                          const next = isOpen ? open.filter((x) => x !== k) : [...open, k];
                          setOpen(next);
                          expandable?.onExpandedRowsChange?.(next);
                        }}
                      >
                        {isOpen ? '收起' : '展开'}
                      </Button>
                    )}
                  </div>
                )}
                {expandableRow && isOpen && (
                  <div className="jc-card-more">{expandable!.expandedRowRender!(r, i, 0, true)}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {paged && total > pageSize && (
        <div className="jc-cards-pager">
          <Pagination
            simple
            current={current}
            pageSize={pageSize}
            total={total}
            onChange={changePage}
            showSizeChanger={false}
          />
          {p.showTotal && <div className="jc-muted">{p.showTotal(total, [0, 0])}</div>}
        </div>
      )}
      {paged && total <= pageSize && p.showTotal && (
        <div className="jc-cards-pager jc-muted">{p.showTotal(total, [0, 0])}</div>
      )}
    </div>
  );
}
