import type { ReactNode } from 'react';
import { NavBar } from 'antd-mobile';
import { useNavigate } from 'react-router';

/** A secondary page: a navigation bar with a back arrow, then the content. */
export function SubPage({ title, children, testId, backTo }: { title: string; children: ReactNode; testId?: string; backTo?: string }) {
  const navigate = useNavigate();
  return (
    <div className="yw-subpage" data-testid={testId}>
      <NavBar
        className="yw-navbar"
        onBack={() => {
          if (backTo) void navigate(backTo);
          else if (window.history.length > 1) void navigate(-1);
          else void navigate('/');
        }}
      >
        {title}
      </NavBar>
      <div className="yw-subpage-body">{children}</div>
    </div>
  );
}

/** A form-level error message, announced to screen readers. */
export function FormError({ message, requestId }: { message: string | null; requestId?: string | null }) {
  if (!message) return null;
  return (
    <div className="yw-form-error" role="alert" data-testid="form-error">
      {message}
      {requestId ? <div className="yw-form-error-id">{requestId}</div> : null}
    </div>
  );
}
