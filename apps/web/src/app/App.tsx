import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { HOME_OF_ROLE, SessionProvider, useSession } from '../auth/session';
import { Login } from '../components/Login';
import { NotFound } from '../components/NotFound';
import { Shell } from '../components/Shell';
import { applyRoutes, caseRoutes } from '../features/apply/apply.routes';
import { VerifyPage } from '../features/certificates/VerifyPage';
import { consoleRoutes } from '../features/console/console.routes';
import { workbenchRoutes } from '../features/workbench/workbench.routes';
import { useAppTheme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, staleTime: 5_000, refetchOnWindowFocus: true } },
});

function Home() {
  const { session } = useSession();
  return <Navigate to={session ? HOME_OF_ROLE[session.user.role] : '/login'} replace />;
}

/** Each portal contributes its routes; they all render inside the signed-in shell. */
const router = createBrowserRouter([
  { path: '/login', element: <Login /> },
  // Public: a certificate's QR code opens it; no sign-in.
  { path: '/verify/:code', element: <VerifyPage /> },
  {
    element: <Shell />,
    children: [
      { index: true, element: <Home /> },
      ...applyRoutes,
      ...caseRoutes,
      ...workbenchRoutes,
      ...consoleRoutes,
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  const { i18n } = useTranslation();
  const theme = useAppTheme();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
