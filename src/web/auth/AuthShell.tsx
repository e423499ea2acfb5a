/** The frame of the pages outside the app chrome (sign-in, forced password change): a centred card. */
import type { ReactNode } from 'react';
import { theme } from 'antd';
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
  // plain elements styled like antd's Typography (a level-4 title, a secondary paragraph): Typography brings its
  // editing and copying machinery along, a quarter of the sign-in page's download
  const { token } = theme.useToken();
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
          <h1
            style={{
              margin: '0 0 4px',
              color: token.colorTextHeading,
              fontSize: token.fontSizeHeading4,
              lineHeight: token.lineHeightHeading4,
              fontWeight: token.fontWeightStrong,
            }}
          >
            {title}
          </h1>
        )}
        {subtitle && (
          <p
            style={{
              margin: '0 0 20px',
              color: token.colorTextSecondary,
              fontSize: token.fontSize,
              lineHeight: token.lineHeight,
            }}
          >
            {subtitle}
          </p>
        )}
        {children}
      </main>
      <footer className="jc-auth-foot">忘记密码或账号被锁定，请联系县委组织部管理员重置。</footer>
    </div>
  );
}
