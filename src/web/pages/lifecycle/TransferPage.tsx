/**
 * `/transfers/:transferId`: one transfer as its letter reads (decision 0034) — opened from 本月待办 by an account
 * granted this transfer alone (a township officer reviewing another township's transfer), and by either end. The
 * actions (接收、退回、登记回执) are offered when the server says the reader may act (`mayAct`).
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { labelOf } from '../../../shared/codes.js';
import { TRANSFER_KINDS, type TransferView } from '../../../shared/lifecycle.js';
import { useRequest } from '../../api/hooks.js';
import { lifecycleApi } from '../../api/lifecycle.js';
import { useAuth } from '../../auth/context.js';
import { PageError, PageSkeleton } from '../../components/PageState.js';
import { zhDate } from '../../lib/format.js';
import { StatusTag, TransferActionModal, type TransferAction } from './OrgTransfers.js';

const SEX_ZH: Record<string, string> = { male: '男', female: '女' };
const STATUS_ZH: Record<string, string> = { full: '正式党员', probationary: '预备党员' };

export default function TransferPage() {
  const id = Number(useParams().transferId);
  const { user } = useAuth();
  const t = useRequest((s) => lifecycleApi.transfer(id, s), [id], Number.isInteger(id) && id > 0);
  const [action, setAction] = useState<TransferAction>(null);
  if (t.error) return <PageError error={t.error} onRetry={t.reload} />;
  if (!t.data) return <PageSkeleton rows={6} />;
  const v: TransferView = t.data;
  const grant = user?.capabilities.transferGrants.find((g) => g.transferId === v.id);
  const orgName = (o: TransferView['fromOrg']) => o?.name ?? v.externalOrg ?? '—';
  return (
    <div className="jc-transfer-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        组织关系转接：{v.name}
      </Typography.Title>
      {grant ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`您受托${grant.actions.includes('write') ? '办理' : '审阅'}这一项转接（${zhDate(grant.validFrom)} 起${grant.validTo ? `，${zhDate(grant.validTo)} 止` : ''}），只能看到介绍信所载内容，不能查看两端组织的其他信息。`}
        />
      ) : null}
      <Card size="small">
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 2 }}
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          items={[
            {
              key: 'name',
              label: '姓名',
              children: v.memberReadable ? <Link to={`/members/${v.memberId}`}>{v.name}</Link> : v.name,
            },
            { key: 'sex', label: '性别', children: SEX_ZH[v.sex] ?? '—' },
            { key: 'id', label: '身份证号', children: v.idNumber },
            { key: 'status', label: '人员类别', children: STATUS_ZH[v.memberStatus] ?? v.memberStatus },
            { key: 'joined', label: '入党日期', children: zhDate(v.joinedOn) },
            { key: 'confirmed', label: '转正日期', children: v.confirmedOn ? zhDate(v.confirmedOn) : '—' },
            { key: 'kind', label: '转接类型', children: labelOf(TRANSFER_KINDS, v.kind) },
            { key: 'letter', label: '介绍信编号', children: v.letterNo ?? '—' },
            { key: 'from', label: '转出组织', children: orgName(v.fromOrg) },
            { key: 'to', label: '接收组织', children: orgName(v.toOrg) },
            { key: 'issued', label: '开具日期', children: zhDate(v.issuedOn) },
            { key: 'valid', label: '有效期至', children: zhDate(v.validUntil) },
            {
              key: 'state',
              label: '状态',
              children: (
                <Space size={4} wrap>
                  <StatusTag status={v.status} />
                  {v.decidedOn ? <span className="jc-muted">{zhDate(v.decidedOn)}</span> : null}
                  {v.reason ? <span className="jc-muted">{v.reason}</span> : null}
                </Space>
              ),
            },
            { key: 'note', label: '备注', children: v.note ?? '—' },
          ]}
        />
        {v.mayAct ? (
          <Space style={{ marginTop: 16 }} wrap>
            {v.kind === 'internal' ? (
              <>
                <Button type="primary" onClick={() => setAction({ kind: 'accept', t: v })}>
                  接收
                </Button>
                <Button onClick={() => setAction({ kind: 'return', t: v })}>退回</Button>
              </>
            ) : (
              <>
                <Button type="primary" onClick={() => setAction({ kind: 'receipt', t: v })}>
                  登记回执
                </Button>
                <Button onClick={() => setAction({ kind: 'return', t: v })}>介绍信退回</Button>
              </>
            )}
          </Space>
        ) : null}
      </Card>
      <TransferActionModal
        action={action}
        onClose={() => setAction(null)}
        onDone={() => {
          setAction(null);
          t.reload();
        }}
      />
    </div>
  );
}
