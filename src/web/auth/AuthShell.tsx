/** The frame of the pages outside the app chrome (sign-in, forced password change): a centred card. */
import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { BrandMark, PRODUCT_NAME } from '../components/BrandMark.js';

export function AuthShell({
  title,
  subtitle,
  children,
}: {
  title?: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="jc-auth-page">
      <main className="jc-auth-card">
        <div className="jc-auth-brand">
          <BrandMark size={40} />
          <div>
            <div className="jc-auth-product">{PRODUCT_NAME}</div>
            <div className="jc-auth-tagline">基层党组织和党员信息管理平台</div>
          </div>
        </div>
        {title && (
          <Typography.Title level={4} style={{ margin: '0 0 4px' }}>
            {title}
          </Typography.Title>
        )}
        {subtitle && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 20 }}>
            {subtitle}
          </Typography.Paragraph>
        )}
        {children}
      </main>
      <footer className="jc-auth-foot">忘记密码或账号被锁定，请联系县委组织部管理员重置。</footer>
    </div>
  );
}
