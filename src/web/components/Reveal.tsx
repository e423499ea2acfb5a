/** A masked sensitive value with a 查看 button that asks the server for the full value (a logged action). */
import { useState } from 'react';
import { App, Button, Space, Tooltip, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { api, errorMessage, type RevealField } from '../api/client.js';

const FIELD_ZH: Record<RevealField, string> = {
  idNumber: '身份证号',
  phone: '联系电话',
  address: '家庭住址',
};

export function Reveal({
  memberId,
  field,
  masked,
  mono = true,
}: {
  memberId: number;
  field: RevealField;
  masked: string | null | undefined;
  mono?: boolean;
}) {
  const { message } = App.useApp();
  const [value, setValue] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  if (!masked) return <span className="jc-muted">未填写</span>;

  const reveal = async () => {
    setLoading(true);
    try {
      const res = await api.reveal(memberId, field);
      setValue(res.value ?? '');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Space size={4} wrap>
      {value !== null ? (
        <Typography.Text
          copyable={{ text: value, tooltips: ['复制', '已复制'] }}
          className={mono ? 'jc-mono' : undefined}
        >
          {value}
        </Typography.Text>
      ) : (
        <span className={mono ? 'jc-mono' : undefined}>{masked}</span>
      )}
      {value !== null ? (
        <Button
          type="link"
          size="small"
          icon={<EyeInvisibleOutlined aria-hidden />}
          onClick={() => setValue(null)}
          aria-label={`隐藏完整${FIELD_ZH[field]}`}
        >
          隐藏
        </Button>
      ) : (
        <Tooltip title="查看完整信息，此操作将被记录">
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined aria-hidden />}
            loading={loading}
            onClick={reveal}
            aria-label={`查看完整${FIELD_ZH[field]}`}
          >
            查看
          </Button>
        </Tooltip>
      )}
    </Space>
  );
}
