/** `/orgs/:code/edit`: edit an org's facts (OrgUpdate with rowVersion). */
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Space, Typography } from 'antd';
import { OrgUpdateSchema, type OrgUpdate, type OrgView } from '../../shared/schemas.js';
import type { OrgKind } from '../../shared/codes.js';
import { ApiError, api } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { OrgBreadcrumb } from '../components/OrgBreadcrumb.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { useShell } from '../layout/context.js';
import { applyIssues, submitErrorText, text, zodIssues } from '../lib/forms.js';
import { fromIso, toIso } from '../lib/format.js';
import { ORG_FIELD_NAMES, OrgFields, type OrgFormValues } from './org/OrgFields.js';

function initialValues(o: OrgView): OrgFormValues {
  return {
    name: o.name,
    shortName: o.shortName ?? undefined,
    kind: o.kind,
    sector: o.sector,
    divisionCode: o.divisionCode ?? undefined,
    foundedOn: fromIso(o.foundedOn),
    address: o.address ?? undefined,
    contactPhone: o.contactPhone ?? undefined,
    effectiveOn: null,
  };
}

export default function OrgEditPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const shell = useShell();
  const org = useRequest((s) => api.org(code, s), [code]);
  const parentCode = org.data?.parentCode ?? null;
  const parent = useRequest((s) => api.org(parentCode!, s), [parentCode], parentCode !== null);
  const [form] = Form.useForm<OrgFormValues>();
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    if (org.data) {
      form.setFieldsValue(initialValues(org.data));
      setStale(false);
    }
  }, [org.data, form]);

  if (org.error) return <PageError error={org.error} onRetry={org.reload} />;
  if (!org.data) return <PageSkeleton />;
  const o = org.data;
  const orgPath = `/orgs/${encodeURIComponent(o.code)}`;

  const submit = async () => {
    const v = form.getFieldsValue(true) as OrgFormValues;
    const body: OrgUpdate = {
      name: (v.name ?? '').trim(),
      shortName: text(v.shortName),
      kind: v.kind as OrgUpdate['kind'],
      sector: v.sector as OrgUpdate['sector'],
      divisionCode: text(v.divisionCode),
      foundedOn: toIso(v.foundedOn),
      address: text(v.address),
      contactPhone: text(v.contactPhone),
      effectiveOn: toIso(v.effectiveOn),
      rowVersion: o.rowVersion,
    };
    const parsed = OrgUpdateSchema.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error), ORG_FIELD_NAMES);
      if (rest.length) message.error(rest.join('；'));
      return;
    }
    setSaving(true);
    try {
      const view = await api.updateOrg(o.code, parsed.data);
      message.success('已保存');
      shell.refreshTree();
      org.setData(view);
      navigate(orgPath);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        setStale(true);
        return;
      }
      const t = submitErrorText(form, e, ORG_FIELD_NAMES);
      if (t) message.error(t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      <div className="jc-page-head">
        <OrgBreadcrumb
          ancestors={o.ancestors}
          self={{ code: o.code, name: o.name }}
          trail={[{ title: '编辑' }]}
        />
        <Typography.Title level={3} className="jc-page-title">
          编辑党组织
        </Typography.Title>
      </div>
      <Card variant="borderless" style={{ maxWidth: 900 }}>
        {stale && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title="该记录已被他人修改，请刷新后再改"
            description="重新加载会显示最新内容，您在本页的修改需要重新填写。"
            action={
              <Button size="small" onClick={org.reload}>
                重新加载
              </Button>
            }
          />
        )}
        <Typography.Paragraph type="secondary">
          组织编码 <span className="jc-mono">{o.code}</span> 不可修改；调整上级组织请使用“移动到…”。
        </Typography.Paragraph>
        <Form
          form={form}
          name="org-edit"
          layout="vertical"
          onFinish={submit}
          initialValues={initialValues(o)}
        >
          <OrgFields
            mode="edit"
            parentKind={(parent.data?.kind as OrgKind | undefined) ?? null}
            currentKind={o.kind}
          />
          <Space>
            <Button type="primary" htmlType="submit" loading={saving}>
              保存
            </Button>
            <Button onClick={() => navigate(orgPath)}>取消</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
