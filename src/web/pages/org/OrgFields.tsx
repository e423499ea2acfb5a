/** Form fields of an org (OrgCreate / OrgUpdate), shared by the 新建下级组织 modal and the edit page. */
import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { ORG_KINDS, SECTORS, type OrgKind } from '../../../shared/codes.js';
import { mayContain } from '../../../domain/org/rules.js';
import { maySkipSector } from '../../../domain/org/write.js';
import { DATE_FORMAT, notFuture, options } from '../../lib/format.js';

export interface OrgFormValues {
  code?: string;
  name?: string;
  shortName?: string;
  kind?: string;
  sector?: string;
  divisionCode?: string;
  foundedOn?: Dayjs | null;
  address?: string;
  contactPhone?: string;
  effectiveOn?: Dayjs | null;
}

export const ORG_FIELD_NAMES = [
  'code',
  'name',
  'shortName',
  'kind',
  'sector',
  'parentCode',
  'divisionCode',
  'foundedOn',
  'address',
  'contactPhone',
  'effectiveOn',
] as const;

export function kindOptions(parentKind: OrgKind | null, current?: string) {
  return ORG_KINDS.filter(
    (k) => k.code === current || (parentKind ? mayContain(parentKind, k.code) : k.code !== 'local_committee'),
  ).map((k) => ({ value: k.code, label: k.zh }));
}

export function OrgFields({
  mode,
  parentKind,
  currentKind,
}: {
  mode: 'create' | 'edit';
  parentKind: OrgKind | null;
  currentKind?: string;
}) {
  return (
    <Row gutter={16}>
      {mode === 'create' && (
        <Col xs={24} md={12}>
          <Form.Item
            name="code"
            label="组织编码"
            rules={[{ required: true, message: '请填写组织编码' }]}
            extra="字母、数字、-或_，如党统编码"
          >
            <Input maxLength={40} placeholder="如 320123001001" autoComplete="off" />
          </Form.Item>
        </Col>
      )}
      <Col xs={24} md={mode === 'create' ? 12 : 24}>
        <Form.Item name="name" label="组织名称" rules={[{ required: true, message: '请填写组织名称' }]}>
          <Input maxLength={100} placeholder="如 中共××村委员会" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="kind" label="组织类别" rules={[{ required: true, message: '请选择组织类别' }]}>
          <Select options={kindOptions(parentKind, currentKind)} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        {/* blank only for the committees of an area: the server derives it (domain/org/write.ts planOrgSector) */}
        <Form.Item
          name="sector"
          label="所在单位领域"
          dependencies={['kind']}
          rules={[
            ({ getFieldValue }) => ({
              required: !maySkipSector(getFieldValue('kind') as OrgKind | undefined),
              message: '请选择单位领域',
            }),
          ]}
          extra="县委、乡镇党委、党工委可以不选：乡镇党委记为“乡镇”，街道党工委记为“城市街道”"
        >
          <Select options={options(SECTORS)} placeholder="请选择" allowClear />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="shortName" label="简称">
          <Input maxLength={40} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="divisionCode" label="行政区划代码" extra="6位、9位或12位数字">
          <Input maxLength={12} inputMode="numeric" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="foundedOn" label="成立日期">
          <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="contactPhone" label="联系电话">
          <Input maxLength={40} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="address" label="地址">
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="effectiveOn"
          label={mode === 'create' ? '建立日期（记入历史）' : '变更生效日期'}
          extra={mode === 'create' ? '不填则按成立日期或今天' : '更名、类别或领域变更从哪天起算；不填为今天'}
        >
          <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
        </Form.Item>
      </Col>
    </Row>
  );
}
