import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';

interface Props {
  children: ReactNode;
  /** a change (e.g. the route) clears a caught error */
  resetKey?: string;
}

interface State {
  error: Error | null;
  key: string | undefined;
}

/** Keeps one broken page from blanking the whole app; also catches failed lazy-chunk loads after a deploy. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: undefined };

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.key) return { key: props.resetKey, error: null };
    return null;
  }

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('页面出错', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const chunk = /dynamically imported module|Loading chunk|Failed to fetch/i.test(this.state.error.message);
    return (
      <Result
        status="error"
        title={chunk ? '页面资源已更新' : '页面出现错误'}
        subTitle={
          chunk ? '系统刚刚更新过，请刷新页面后继续。' : '请刷新页面重试；如果问题持续出现，请联系管理员。'
        }
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            刷新页面
          </Button>
        }
      />
    );
  }
}
