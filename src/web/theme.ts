import type { ThemeConfig } from 'antd';

/** A restrained 党建 red: primary actions, links and the selected tree node; everything else stays neutral. */
export const PRIMARY = '#c81623';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorLink: '#b3131f',
    colorInfo: '#1f6fbf',
    colorWarning: '#d48806',
    colorError: '#cf1322',
    colorSuccess: '#389e0d',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    fontSize: 14,
    colorBgLayout: '#f4f5f7',
  },
  components: {
    Layout: { headerBg: '#b3131f', headerHeight: 56, siderBg: '#ffffff', bodyBg: '#f4f5f7' },
    Tree: { nodeSelectedBg: '#fff1f0', nodeHoverBg: '#fafafa', titleHeight: 30 },
    Table: { headerBg: '#fafafa' },
    Card: { headerFontSize: 15 },
  },
};
