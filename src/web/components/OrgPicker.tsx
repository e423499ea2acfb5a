/** A Select that searches orgs on the server (`/orgs?q=`); value is the org code. For forms. */
import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { api, type OrgSearchItem } from '../api/client.js';
import { useDebounced } from '../api/hooks.js';
import { kindLabel } from '../lib/format.js';

interface Props {
  value?: string | null;
  onChange?: (code: string | null, org: OrgSearchItem | null) => void;
  /** orgs to leave out (e.g. the org being moved) */
  exclude?: (org: OrgSearchItem) => boolean;
  /** said after "没有找到匹配的党组织": why the list may be empty for this account (e.g. the scope it may write in) */
  emptyHint?: string;
  /** shown for the initial value before any search */
  initialLabel?: string;
  placeholder?: string;
  id?: string;
  'aria-label'?: string;
  disabled?: boolean;
}

export function OrgPicker({
  value,
  onChange,
  exclude,
  initialLabel,
  emptyHint,
  placeholder = '输入名称、编码或拼音首字母搜索党组织',
  id,
  disabled,
  ...rest
}: Props) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const [items, setItems] = useState<OrgSearchItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [picked, setPicked] = useState<OrgSearchItem | null>(null);

  useEffect(() => {
    if (!q) {
      setItems([]);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    api
      .searchOrgs({ q, pageSize: 30 }, ctrl.signal)
      .then((p) => !ctrl.signal.aborted && setItems(p.items.filter((o) => o.status !== 'dissolved')))
      .catch(() => !ctrl.signal.aborted && setItems([]))
      .finally(() => !ctrl.signal.aborted && setLoading(false));
    return () => ctrl.abort();
  }, [q]);

  const shown = exclude ? items.filter((o) => !exclude(o)) : items;
  const options = shown.map((o) => ({
    value: o.code,
    label: o.name,
    desc: [kindLabel(o.kind), o.parentName, o.code].filter(Boolean).join(' · '),
  }));
  if (value && !options.some((o) => o.value === value)) {
    const name = picked?.code === value ? picked.name : (initialLabel ?? value);
    options.unshift({ value, label: name, desc: '' });
  }

  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      disabled={disabled}
      value={value ?? undefined}
      placeholder={placeholder}
      loading={loading}
      options={options}
      notFoundContent={
        q
          ? loading
            ? '正在搜索…'
            : `没有找到匹配的党组织${emptyHint ? `。${emptyHint}` : ''}`
          : '请输入名称或编码'
      }
      optionRender={(opt) => (
        <div style={{ lineHeight: 1.4 }}>
          <div>{opt.data.label}</div>
          {opt.data.desc && (
            <div className="jc-muted" style={{ fontSize: 12 }}>
              {opt.data.desc}
            </div>
          )}
        </div>
      )}
      onChange={(code: string | undefined) => {
        const org = items.find((o) => o.code === code) ?? null;
        setPicked(org);
        onChange?.(code ?? null, org);
      }}
      style={{ width: '100%' }}
    />
  );
}
