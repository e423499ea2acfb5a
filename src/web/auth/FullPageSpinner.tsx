/**
 * The whole-page spinner shown while the session is checked or a part of the app is fetched. A plain SVG ring (it
 * animates without a style sheet) rather than antd's Spin, which the sign-in page would otherwise download first.
 */
import { theme } from 'antd';

export function FullPageSpinner() {
  const { token } = theme.useToken();
  return (
    <div className="jc-auth-page" aria-busy="true">
      <svg width="40" height="40" viewBox="0 0 40 40" role="progressbar" aria-label="正在加载">
        <circle cx="20" cy="20" r="16" fill="none" stroke={token.colorFillSecondary} strokeWidth="4" />
        <circle
          cx="20"
          cy="20"
          r="16"
          fill="none"
          stroke={token.colorPrimary}
          strokeWidth="4"
          strokeLinecap="round"
          strokeDasharray="25 76"
        >
          <animateTransform
            attributeName="transform"
            type="rotate"
            from="0 20 20"
            to="360 20 20"
            dur="0.9s"
            repeatCount="indefinite"
          />
        </circle>
      </svg>
      <div className="jc-muted" style={{ marginTop: 12 }}>
        正在加载…
      </div>
    </div>
  );
}
