/**
 * `/orgs/:code/members/new` and `/members/:id/edit`: the member form. Validated on submit with the shared zod
 * schema (MemberCreateSchema / MemberUpdateSchema) and again by the server; both sets of problems land on the
 * fields. The ID number is checked as it is typed and the birth date and sex it encodes are offered.
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { ETHNICITIES, HAN_CODE, OCCUPATIONS, SEXES } from '../../shared/codes.js';
import { unclassifiedLabel } from '../../shared/classification.js';
import { ID_PROBLEM_ZH, normalizeIdNumber, parseIdNumber } from '../../shared/id-number.js';
import {
  MEMBER_EDITABLE_FIELDS,
  type MemberDateField,
  type MemberEditableField,
  type MemberValues,
} from '../../shared/member-fields.js';
import {
  MemberCreateSchema,
  MemberUpdateSchema,
  type MemberDetail,
  type MemberUpdate,
} from '../../shared/schemas.js';
import { ApiError, api, type OrgSearchItem } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { OrgBreadcrumb } from '../components/OrgBreadcrumb.js';
import { OrgPicker } from '../components/OrgPicker.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { useShell } from '../layout/context.js';
import { applyIssues, submitErrorText, text, zodIssues } from '../lib/forms.js';
import {
  DATE_FORMAT,
  EDUCATION_OPTIONS,
  filterByLabel,
  fromIso,
  notFuture,
  options,
  sexLabel,
  toIso,
  today,
  zhDate,
} from '../lib/format.js';

/** The form's values: a new member's org and status, and every field a correction may change (the registry's). */
type Values = { orgCode?: string; status?: 'full' | 'probationary' } & {
  [K in MemberEditableField]?: K extends MemberDateField ? Dayjs | null : Exclude<MemberValues[K], null>;
};

const FIELDS = ['orgCode', 'status', ...MEMBER_EDITABLE_FIELDS] as const;

const ETHNICITY_OPTIONS = options(ETHNICITIES);

function editValues(m: MemberDetail): Values {
  return {
    name: m.name,
    sex: m.sex,
    birthDate: fromIso(m.birthDate),
    // an unclassified value (kept as imported) is no choice: the select shows it as its placeholder
    ethnicity: m.ethnicity ?? undefined,
    education: m.education ?? undefined,
    occupation: m.occupation ?? undefined,
    nativePlace: m.nativePlace ?? undefined,
    workUnit: m.workUnit ?? undefined,
    jobTitle: m.jobTitle ?? undefined,
    joinedOn: fromIso(m.joinedOn),
    confirmedOn: fromIso(m.confirmedOn),
    isMobile: m.isMobile,
    // the ID number, phone and address come masked: left empty, and only sent when retyped
    idNumber: '',
    phone: '',
    address: '',
  };
}

export default function MemberFormPage({ mode }: { mode: 'create' | 'edit' }) {
  const params = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const shell = useShell();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState(false);

  const memberId = mode === 'edit' ? (params.id ?? '') : '';
  const member = useRequest((s) => api.member(memberId, s), [memberId], mode === 'edit');
  const orgCode = mode === 'create' ? (params.code ?? '') : (member.data?.orgCode ?? '');
  const org = useRequest((s) => api.org(orgCode, s), [orgCode], orgCode !== '');
  const [pickedOrg, setPickedOrg] = useState<OrgSearchItem | null>(null);

  useEffect(() => {
    if (mode === 'edit' && member.data) {
      form.resetFields();
      form.setFieldsValue(editValues(member.data));
      setStale(false);
    }
  }, [mode, member.data, form]);

  useEffect(() => {
    if (org.data) shell.focusOrg(org.data.code);
    return () => shell.focusOrg(null);
  }, [org.data, shell]);

  const status = Form.useWatch('status', form);
  const idNumber = Form.useWatch('idNumber', form);
  const sex = Form.useWatch('sex', form);
  const birthDate = Form.useWatch('birthDate', form);

  // what the ID number says, once it is complete
  const idCheck = useMemo(() => {
    const raw = normalizeIdNumber(idNumber ?? '');
    if (raw.length < 18) return null;
    return parseIdNumber(raw, today());
  }, [idNumber]);

  // fill empty sex / birth date from a valid ID number
  useEffect(() => {
    if (!idCheck?.ok) return;
    const cur = form.getFieldsValue(['sex', 'birthDate']) as Values;
    const patch: Values = {};
    if (!cur.sex) patch.sex = idCheck.info.sex;
    if (!cur.birthDate) patch.birthDate = fromIso(idCheck.info.birthDate);
    if (Object.keys(patch).length) form.setFieldsValue(patch);
  }, [idCheck, form]);

  if (member.error) return <PageError error={member.error} onRetry={member.reload} />;
  if (mode === 'edit' && !member.data) return <PageSkeleton rows={12} />;
  if (org.error && mode === 'create') return <PageError error={org.error} onRetry={org.reload} />;

  const m = member.data;
  const conflicts: string[] = [];
  if (idCheck?.ok) {
    if (sex && sex !== idCheck.info.sex) conflicts.push(`性别（身份证号为${sexLabel(idCheck.info.sex)}）`);
    const bd = toIso(birthDate);
    if (bd && bd !== idCheck.info.birthDate)
      conflicts.push(`出生日期（身份证号为${zhDate(idCheck.info.birthDate)}）`);
  }
  const showConfirmed = mode === 'create' ? status === 'full' : !!m && m.status !== 'probationary';

  const submit = async () => {
    const v = form.getFieldsValue(true) as Values;
    const common = {
      name: (v.name ?? '').trim(),
      sex: v.sex ?? null,
      birthDate: toIso(v.birthDate),
      ethnicity: v.ethnicity,
      education: v.education ?? null,
      occupation: v.occupation ?? null,
      nativePlace: text(v.nativePlace),
      workUnit: text(v.workUnit),
      jobTitle: text(v.jobTitle),
      joinedOn: toIso(v.joinedOn) ?? '',
      confirmedOn: showConfirmed ? toIso(v.confirmedOn) : null,
      isMobile: v.isMobile ?? false,
    };
    let saved: MemberDetail;
    setSaving(true);
    try {
      if (mode === 'create') {
        const parsed = MemberCreateSchema.safeParse({
          ...common,
          orgCode: v.orgCode ?? orgCode,
          status: v.status,
          idNumber: normalizeIdNumber(v.idNumber ?? ''),
          phone: text(v.phone),
          address: text(v.address),
        });
        if (!parsed.success) {
          const rest = applyIssues(form, zodIssues(parsed.error), FIELDS);
          if (rest.length) message.error(rest.join('；'));
          return;
        }
        saved = await api.createMember(parsed.data);
        message.success(`已新增党员：${saved.name}`);
      } else {
        if (!m) return;
        const body: MemberUpdate = { ...(common as MemberUpdate), rowVersion: m.rowVersion };
        const id = text(v.idNumber);
        const phone = text(v.phone);
        const address = text(v.address);
        if (id) body.idNumber = normalizeIdNumber(id);
        if (phone) body.phone = phone;
        if (address) body.address = address;
        const parsed = MemberUpdateSchema.safeParse(body);
        if (!parsed.success) {
          const rest = applyIssues(form, zodIssues(parsed.error), FIELDS);
          if (rest.length) message.error(rest.join('；'));
          return;
        }
        saved = await api.updateMember(m.id, parsed.data);
        message.success('已保存');
      }
      shell.refreshTree();
      navigate(`/members/${saved.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        setStale(true);
        window.scrollTo({ top: 0, behavior: 'smooth' });
        return;
      }
      const t = submitErrorText(form, e, FIELDS);
      if (t) message.error(t);
    } finally {
      setSaving(false);
    }
  };

  const o = org.data;
  const title = mode === 'create' ? '新增党员' : `编辑党员信息 · ${m?.name ?? ''}`;
  const cancelTo =
    mode === 'create' ? `/orgs/${encodeURIComponent(orgCode)}/members` : `/members/${memberId}`;
  const keepHint = (masked: string | null | undefined) =>
    masked ? `不修改请留空（当前：${masked}）` : '未填写；需要时在此填写';

  return (
    <div>
      <div className="jc-page-head">
        {o && (
          <OrgBreadcrumb
            ancestors={o.ancestors}
            self={{ code: o.code, name: o.name }}
            trail={
              mode === 'create'
                ? [
                    { title: '党员名册', to: `/orgs/${encodeURIComponent(o.code)}/members` },
                    { title: '新增党员' },
                  ]
                : [{ title: m?.name ?? '党员', to: `/members/${memberId}` }, { title: '编辑' }]
            }
          />
        )}
        <Typography.Title level={3} className="jc-page-title">
          {title}
        </Typography.Title>
      </div>
      <Card variant="borderless" style={{ maxWidth: 1080 }}>
        {stale && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title="该记录已被他人修改，请刷新后再改"
            description="重新加载会显示最新内容，您在本页的修改需要重新填写。"
            action={
              <Button size="small" onClick={member.reload}>
                重新加载
              </Button>
            }
          />
        )}
        <Form<Values>
          form={form}
          name="member"
          layout="vertical"
          onFinish={submit}
          scrollToFirstError
          initialValues={
            mode === 'create'
              ? { orgCode, status: 'full', ethnicity: HAN_CODE, isMobile: false }
              : m
                ? editValues(m)
                : undefined
          }
        >
          <Divider titlePlacement="start" plain>
            组织信息
          </Divider>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              {mode === 'create' ? (
                <Form.Item
                  name="orgCode"
                  label="所在党组织"
                  rules={[{ required: true, message: '请选择所在党组织' }]}
                >
                  <OrgPicker
                    aria-label="所在党组织"
                    initialLabel={pickedOrg?.name ?? o?.name}
                    onChange={(_c, org2) => setPickedOrg(org2)}
                  />
                </Form.Item>
              ) : (
                <Form.Item label="所在党组织" extra="转到其他组织请在党员详情页使用“转到其他组织”。">
                  <Input value={m?.orgName} disabled />
                </Form.Item>
              )}
            </Col>
            <Col xs={24} md={12}>
              {mode === 'create' ? (
                <Form.Item
                  name="status"
                  label="人员类别"
                  rules={[{ required: true, message: '请选择人员类别' }]}
                >
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: 'full', label: '正式党员' },
                      { value: 'probationary', label: '预备党员' },
                    ]}
                  />
                </Form.Item>
              ) : (
                <Form.Item label="人员类别" extra="转正、停止党籍等请在党员详情页办理。">
                  <Input
                    value={
                      m
                        ? m.status === 'full'
                          ? '正式党员'
                          : m.status === 'probationary'
                            ? '预备党员'
                            : m.status
                        : ''
                    }
                    disabled
                  />
                </Form.Item>
              )}
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item
                name="joinedOn"
                label="入党日期"
                rules={[{ required: true, message: '请选择入党日期' }]}
              >
                <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
              </Form.Item>
            </Col>
            {showConfirmed && (
              <Col xs={24} sm={12} md={8}>
                <Form.Item name="confirmedOn" label="转正日期">
                  <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="isMobile" label="流动党员" valuePropName="checked">
                <Switch checkedChildren="是" unCheckedChildren="否" />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start" plain>
            基本信息
          </Divider>
          <Row gutter={16}>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
                <Input maxLength={50} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={16}>
              <Form.Item
                name="idNumber"
                label="公民身份号码"
                rules={mode === 'create' ? [{ required: true, message: '请填写身份证号' }] : undefined}
              >
                <Input
                  maxLength={30}
                  autoComplete="off"
                  className="jc-mono"
                  placeholder={mode === 'edit' ? keepHint(m?.idNumberMasked) : '18位身份证号'}
                />
              </Form.Item>
            </Col>
            {idCheck && (
              <Col xs={24}>
                {idCheck.ok ? (
                  <Alert
                    style={{ marginBottom: 16 }}
                    type={conflicts.length ? 'warning' : 'success'}
                    showIcon
                    title={`根据身份证号：出生日期 ${zhDate(idCheck.info.birthDate)}，性别 ${sexLabel(idCheck.info.sex)}`}
                    description={conflicts.length ? `与填写的不一致：${conflicts.join('、')}` : undefined}
                    action={
                      conflicts.length ? (
                        <Button
                          size="small"
                          onClick={() =>
                            form.setFieldsValue({
                              sex: idCheck.info.sex,
                              birthDate: fromIso(idCheck.info.birthDate),
                            })
                          }
                        >
                          按身份证号填入
                        </Button>
                      ) : undefined
                    }
                  />
                ) : (
                  <Alert
                    style={{ marginBottom: 16 }}
                    type="warning"
                    showIcon
                    title={ID_PROBLEM_ZH[idCheck.problem]}
                  />
                )}
              </Col>
            )}
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="sex" label="性别">
                <Radio.Group options={options(SEXES)} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="birthDate" label="出生日期">
                <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item
                name="ethnicity"
                label="民族"
                // kept unclassified until someone chooses (a correction of another field leaves it so)
                rules={m?.ethnicityRaw ? [] : [{ required: true, message: '请选择民族' }]}
              >
                <Select
                  showSearch={{ filterOption: filterByLabel }}
                  options={ETHNICITY_OPTIONS}
                  placeholder={m?.ethnicityRaw ? unclassifiedLabel(m.ethnicityRaw) : undefined}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="education" label="学历">
                <Select
                  allowClear
                  showSearch={{ filterOption: filterByLabel }}
                  options={EDUCATION_OPTIONS}
                  placeholder={m?.educationRaw ? unclassifiedLabel(m.educationRaw) : '请选择'}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="occupation" label="职业">
                <Select
                  allowClear
                  options={options(OCCUPATIONS)}
                  placeholder={m?.occupationRaw ? unclassifiedLabel(m.occupationRaw) : '请选择'}
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="nativePlace" label="籍贯">
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start" plain>
            工作与联系方式
          </Divider>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="workUnit" label="工作单位">
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="jobTitle" label="工作职务">
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="phone" label="联系电话">
                <Input
                  maxLength={20}
                  inputMode="tel"
                  autoComplete="off"
                  placeholder={mode === 'edit' ? keepHint(m?.phoneMasked) : undefined}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="address" label="家庭住址">
                <Input
                  maxLength={200}
                  autoComplete="off"
                  placeholder={mode === 'edit' ? keepHint(m?.address) : undefined}
                />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={saving}>
              保存
            </Button>
            <Button onClick={() => navigate(cancelTo)}>取消</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
