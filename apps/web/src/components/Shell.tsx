import { GlobalOutlined, LogoutOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { HOME_OF_ROLE, useSession } from '../auth/session';
import { saveLanguage, type Language } from '../i18n';
import { Inbox } from './Inbox';

/** Portals each role may open, in the order of the header menu. */
const PORTALS = [
  { path: '/apply', label: 'nav.catalogue', roles: ['applicant'] },
  { path: '/apply/applications', label: 'nav.myApplications', roles: ['applicant'] },
  { path: '/workbench', label: 'nav.workbench', roles: ['staff'] },
  { path: '/department', label: 'nav.department', roles: ['dept_cio'] },
  { path: '/coordination', label: 'nav.coordination', roles: ['coord_cio', 'admin'] },
] as const;

/** The frame of every signed-in page: portals, the user's name and role, inbox, language, sign-out. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const { session, signOut } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const { user } = session;
  const portals = PORTALS.filter((p) => (p.roles as readonly string[]).includes(user.role));
  const switchLanguage = () => {
    const next: Language = i18n.language === 'en' ? 'zh' : 'en';
    saveLanguage(next);
    document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
    void i18n.changeLanguage(next);
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, flexWrap: 'nowrap' }}>
        {/* On a phone the portal menu needs the room more than the title does. */}
        <Link
          to={HOME_OF_ROLE[user.role]}
          className="hide-on-phone"
          style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}
        >
          {t('app.name')}
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[
            // The longest portal path that the location starts with.
            portals
              .map((p) => p.path)
              .filter((path) => location.pathname.startsWith(path))
              .sort((a, b) => b.length - a.length)[0] ?? '',
          ]}
          items={portals.map((p) => ({ key: p.path, label: <Link to={p.path}>{t(p.label)}</Link> }))}
          style={{ flex: 1, minWidth: 48 }}
        />
        <Space size="small" style={{ color: '#fff' }}>
          <Inbox />
          <Typography.Text style={{ color: '#fff' }} data-testid="current-user" className="hide-on-phone">
            {user.displayName} · {t(`roles.${user.role}`)}
          </Typography.Text>
          <Button
            type="text"
            icon={<GlobalOutlined />}
            onClick={switchLanguage}
            // The visible name of the other language first, so that speech input can say what is seen.
            aria-label={`${t('nav.language')} (${t('nav.languageLabel')})`}
            data-testid="language-switch"
            style={{ color: '#fff' }}
          >
            {t('nav.language')}
          </Button>
          <Button
            type="text"
            icon={<LogoutOutlined />}
            onClick={signOut}
            aria-label={t('nav.signOut')}
            style={{ color: '#fff' }}
          >
            <span className="hide-on-phone">{t('nav.signOut')}</span>
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}

/** A portal only its roles may open; anyone else is sent home. */
export function RequireRole({ roles, children }: { roles: readonly string[]; children: React.ReactNode }) {
  const { session } = useSession();
  if (!session) return <Navigate to="/login" replace />;
  if (!roles.includes(session.user.role)) return <Navigate to={HOME_OF_ROLE[session.user.role]} replace />;
  return <>{children}</>;
}
