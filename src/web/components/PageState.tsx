/** Loading, error and not-found states shared by the pages. */
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Result, Skeleton } from 'antd';
import { ApiError, errorMessage } from '../api/client.js';
import { useAuth } from '../auth/context.js';

/** 返回首页, or 返回我的信息 for a member's own account (whose home is their record). */
function useHomeLabel(): string {
  return useAuth().perms.selfOnly ? '返回我的信息' : '返回首页';
}

export function PageSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Card variant="borderless" aria-busy="true" aria-label="正在加载">
      <Skeleton active title={{ width: '40%' }} paragraph={{ rows }} />
    </Card>
  );
}

const NOT_FOUND_CODES = new Set(['NOT_FOUND', 'ORG_NOT_FOUND', 'MEMBER_NOT_FOUND', 'IMPORT_JOB_NOT_FOUND']);

export function PageError({
  error,
  onRetry,
  extra,
}: {
  error: unknown;
  onRetry?: () => void;
  extra?: ReactNode;
}) {
  const navigate = useNavigate();
  const home = useHomeLabel();
  const notFound = error instanceof ApiError && NOT_FOUND_CODES.has(error.code);
  const forbidden =
    error instanceof ApiError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED');
  return (
    <Card variant="borderless">
      <Result
        status={notFound ? '404' : forbidden ? '403' : 'error'}
        title={notFound ? '没有找到' : forbidden ? '无法访问' : '加载失败'}
        subTitle={errorMessage(error)}
        extra={
          <>
            {onRetry && !notFound && (
              <Button type="primary" onClick={onRetry}>
                重试
              </Button>
            )}
            {error instanceof ApiError && error.code === 'UNAUTHENTICATED' && (
              <Button
                type="primary"
                onClick={() =>
                  navigate(
                    `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
                  )
                }
              >
                去登录
              </Button>
            )}
            <Button onClick={() => navigate('/')}>{home}</Button>
            {extra}
          </>
        }
      />
    </Card>
  );
}

export function NotFoundPage() {
  const navigate = useNavigate();
  const home = useHomeLabel();
  return (
    <Card variant="borderless">
      <Result
        status="404"
        title="页面不存在"
        subTitle="您访问的地址不存在，请返回首页后重新进入。"
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            {home}
          </Button>
        }
      />
    </Card>
  );
}
