import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AppRouter } from './router.js';
import { theme } from './theme.js';
import './styles.css';

dayjs.locale('zh-cn');

const el = document.getElementById('root');
if (!el) throw new Error('找不到页面根节点 #root');

createRoot(el).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <AppRouter />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
