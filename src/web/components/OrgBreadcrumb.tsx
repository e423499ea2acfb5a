import { Link } from 'react-router-dom';
import { Breadcrumb } from 'antd';
import { HomeOutlined } from '@ant-design/icons';

export interface Crumb {
  code: string;
  name: string;
}

/**
 * Breadcrumbs from an org's ancestors (root to self). `self` is appended when the chain does not end with it;
 * `trail` adds page-level crumbs after the org (e.g. 党员名册).
 */
export function OrgBreadcrumb({
  ancestors,
  self,
  trail = [],
  linkSelf = false,
}: {
  ancestors: Crumb[];
  self?: Crumb;
  trail?: { title: string; to?: string }[];
  linkSelf?: boolean;
}) {
  const chain = [...ancestors];
  if (self && chain[chain.length - 1]?.code !== self.code) chain.push(self);
  const lastOrg = chain.length - 1;
  const items = [
    ...chain.map((a, i) => ({
      key: a.code,
      title:
        i === lastOrg && !linkSelf && trail.length === 0 ? (
          <span aria-current="page">{a.name}</span>
        ) : (
          <Link to={`/orgs/${encodeURIComponent(a.code)}`}>
            {i === 0 && <HomeOutlined aria-hidden style={{ marginRight: 4 }} />}
            {a.name}
          </Link>
        ),
    })),
    ...trail.map((t, i) => ({
      key: `trail-${i}`,
      title: t.to ? <Link to={t.to}>{t.title}</Link> : <span aria-current="page">{t.title}</span>,
    })),
  ];
  return <Breadcrumb items={items} aria-label="当前位置" />;
}
