/**
 * Everything behind sign-in, fetched as one chunk after the sign-in page has shown (router.tsx): antd's App (the
 * message, notification and modal holders), the session guard, the layout with its org tree and menus, and dayjs's
 * Chinese locale for the date pickers. The sign-in page needs none of them.
 */
import { App as AntApp } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { RequireAuth } from '../auth/RequireAuth.js';
import { AppLayout } from './AppLayout.js';

dayjs.locale('zh-cn');

export default function SignedIn() {
  return (
    <AntApp>
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    </AntApp>
  );
}
