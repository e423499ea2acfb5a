/** The product mark: a gold star on a red tile (`onRed` for the red header, where the tile is translucent). */
export function BrandMark({ onRed = false, size = 28 }: { onRed?: boolean; size?: number }) {
  return (
    <svg
      className="jc-brand-mark"
      viewBox="0 0 32 32"
      aria-hidden="true"
      style={{ width: size, height: size }}
    >
      <rect width="32" height="32" rx="6" fill={onRed ? 'rgba(255,255,255,0.16)' : '#c81623'} />
      <path d="M16 6l2.9 6.2 6.8.8-5 4.6 1.3 6.7L16 21l-6 3.3 1.3-6.7-5-4.6 6.8-.8z" fill="#ffd54f" />
    </svg>
  );
}

export const PRODUCT_NAME = '基层党建 · 组织管理';
