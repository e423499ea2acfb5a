/** `/audit` (操作记录): changes, sensitive reads, exports and sign-ins within the account's scope. */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, Form, Switch, Typography } from 'antd';
import { api } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { AuditTable } from '../components/AuditTable.js';
import { OrgPicker } from '../components/OrgPicker.js';
import { useAuth } from '../auth/context.js';

export default function AuditPage() {
  const { user } = useAuth();
  const [sp, setSp] = useSearchParams();
  const orgCode = sp.get('orgCode') ?? undefined;
  const mine = sp.get('actor') === 'me';
  // the picker shows the name of an org chosen on this page; a code from the URL shows as itself
  const [orgName, setOrgName] = useState<string | undefined>(undefined);
  // an org given in the address (from an org page's link): look up its name for the picker
  const named = useRequest((sig) => api.org(orgCode ?? '', sig), [orgCode], !!orgCode && !orgName);

  const patch = (k: string, v: string | null) => {
    const next = new URLSearchParams(window.location.search);
    if (v) next.set(k, v);
    else next.delete(k);
    setSp(next, { replace: true });
  };

  return (
    <div>
      <div className="jc-page-head">
        <Typography.Title level={3} className="jc-page-title">
          操作记录
        </Typography.Title>
        <Typography.Text type="secondary">
          {!user?.capabilities.binding.actions.includes('audit.read')
            ? '受托联系的组织'
            : user.orgName
              ? `${user.orgName}及其下级组织`
              : '全部党组织'}
          {user?.capabilities.binding.actions.includes('audit.read') &&
            user.capabilities.grants.some((g) => g.actions.includes('audit.read')) &&
            '和受托联系的组织'}
          的数据修改、敏感信息查看、导出和登录记录。记录由系统自动生成，不能修改或删除。
        </Typography.Text>
      </div>
      <Card variant="borderless">
        <Form layout="inline" className="jc-filter-bar" aria-label="筛选操作记录">
          <Form.Item label="组织" htmlFor="audit-org">
            <div style={{ width: 320, maxWidth: 'calc(100vw - 120px)' }}>
              <OrgPicker
                id="audit-org"
                aria-label="组织"
                placeholder="全部（输入名称或编码搜索）"
                value={orgCode ?? null}
                initialLabel={orgName ?? (named.data?.code === orgCode ? named.data?.name : undefined)}
                onChange={(code, org) => {
                  setOrgName(org?.name);
                  patch('orgCode', code);
                }}
              />
            </div>
          </Form.Item>
          <Form.Item label="仅看我的操作" htmlFor="audit-mine">
            <Switch
              id="audit-mine"
              aria-label="仅看我的操作"
              checked={mine}
              onChange={(on) => patch('actor', on ? 'me' : null)}
            />
          </Form.Item>
        </Form>
        <AuditTable orgCode={orgCode} mine={mine} />
      </Card>
    </div>
  );
}
