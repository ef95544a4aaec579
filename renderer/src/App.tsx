import { useCallback, useMemo, useState } from 'react';
import type { SignedInUser } from '../../shared/domain';
import type { Role } from '../../shared/roles';
import { api, session } from './api';
import { useApi, useShortcuts } from './kit';
import { LoginScreen } from './screens/LoginScreen';
import { HomeScreen } from './screens/HomeScreen';
import { CatalogueScreen } from './screens/CatalogueScreen';
import { PeopleScreen } from './screens/PeopleScreen';
import { PharmacyScreen } from './screens/pharmacy/PharmacyScreen';
import { CounterScreen } from './screens/counter/CounterScreen';
import { InpatientScreen } from './screens/inpatient/InpatientScreen';
import { DevicesScreen } from './screens/devices/DevicesScreen';
import { SettlementReportsScreen } from './screens/reports/SettlementReportsScreen';
import { DistrictScreen } from './screens/district/DistrictScreen';
import { DistrictStatusLine } from './screens/district/DistrictStatusLine';
import { NetworkScreen } from './screens/network/NetworkScreen';
import { LinkStatus, useLanLink } from './screens/network/LinkStatus';

const ALL: readonly Role[] = ['cashier', 'pharmacist', 'manager', 'admin'];

/** Each screen lists the roles that see it; the main process enforces the same roles on every call. */
const SCREENS = [
  { key: 'F1', id: 'home', title: '概况', roles: ALL },
  { key: 'F2', id: 'catalogue', title: '目录查询', roles: ALL },
  { key: 'F3', id: 'people', title: '参保人查询', roles: ['cashier', 'manager', 'admin'] },
  { key: 'F4', id: 'pharmacy', title: '药房', roles: ['pharmacist', 'manager'] },
  { key: 'F5', id: 'counter', title: '收费', roles: ['cashier', 'manager'] },
  { key: 'F6', id: 'inpatient', title: '住院', roles: ['cashier', 'manager'] },
  { key: 'F7', id: 'devices', title: '设备', roles: ['admin', 'manager'] },
  { key: 'F8', id: 'settlementReports', title: '日结/月报', roles: ['cashier', 'manager'] },
  // F9 is the counter's 结算; F10 is its 交班 too, but the counter catches its keys first while it shows.
  { key: 'F10', id: 'district', title: '医保上传', roles: ['manager', 'admin'] },
  { key: 'F12', id: 'network', title: '医院网络', roles: ['admin'] },
] as const satisfies readonly { key: string; id: string; title: string; roles: readonly Role[] }[];
type ScreenId = (typeof SCREENS)[number]['id'];

/** The counter's shell: a title bar with the hospital, and F-keys between screens (keyboard first). */
export function App() {
  const [screen, setScreen] = useState<ScreenId>('home');
  const [user, setUser] = useState<SignedInUser | null>(null);
  const info = useApi('system.info', {});
  const link = useLanLink();
  // At a terminal the counter is the window's own, not the server's (system.info is the server's answer).
  const counterId = link.data?.mode === 'terminal' ? link.data.counterId : (info.data?.counterId ?? '');
  const screens = useMemo(() => {
    if (!user) return [];
    const mine = SCREENS.filter((s) => (s.roles as readonly Role[]).includes(user.role));
    // 收费 is a cashier's work: their first tab (and where they land after signing in).
    return user.role === 'cashier' ? [...mine.filter((s) => s.id === 'counter'), ...mine.filter((s) => s.id !== 'counter')] : mine;
  }, [user]);
  const hasCounter = screens.some((s) => s.id === 'counter');
  /** Bumped when the 医保上传 page changed the upload status, so the title bar's line asks again at once. */
  const [districtSignal, setDistrictSignal] = useState(0);
  const districtChanged = useCallback(() => setDistrictSignal((n) => n + 1), []);

  // The F-keys switch screens after a screen had its chance at the key (the counter takes F9 and F10 first).
  useShortcuts(true, (event) => {
    const target = screens.find((s) => s.key === event.key);
    if (!target) return false;
    setScreen(target.id);
    return true;
  });

  const signOut = () => {
    void api['auth.logout']().finally(() => {
      session.token = null;
      setUser(null);
      setScreen('home');
    });
  };

  return (
    <div className="shell">
      <header className="titlebar">
        <h1>乡镇卫生院收费台</h1>
        <span className="hospital" data-testid="hospital-name">
          {info.data ? info.data.hospitalName : info.error ? '' : '正在连接…'}
        </span>
        {info.data?.demo && <span className="badge">演示数据</span>}
        <LinkStatus link={link.data} />
        <span className="spacer" />
        {user && <DistrictStatusLine refreshSignal={districtSignal} />}
        {info.data && <span className="muted">收费台 {counterId} · {info.data.today}</span>}
        {user && (
          <>
            <span className="user" data-testid="signed-in-user">
              {user.name}（{user.roleName}）
            </span>
            <button onClick={signOut}>退出</button>
          </>
        )}
      </header>
      {!user && (
        <LoginScreen
          demo={info.data?.demo ?? false}
          onSignedIn={(signedIn) => {
            setUser(signedIn);
            if (signedIn.role === 'cashier') setScreen('counter');
          }}
        />
      )}
      {user && (
      <>
      <nav className="tabs" aria-label="功能">
        {screens.map((s) => (
          <button key={s.id} className={s.id === screen ? 'active' : ''} onClick={() => setScreen(s.id)}>
            <kbd>{s.key}</kbd> {s.title}
          </button>
        ))}
      </nav>
      <main>
        {info.error && (
          <p className="error" role="alert">
            {info.error}
          </p>
        )}
        {screen === 'home' && <HomeScreen info={info.data} />}
        {screen === 'catalogue' && <CatalogueScreen />}
        {screen === 'people' && <PeopleScreen />}
        {screen === 'pharmacy' && <PharmacyScreen />}
        {screen === 'inpatient' && <InpatientScreen />}
        {screen === 'devices' && <DevicesScreen user={user} />}
        {screen === 'settlementReports' && <SettlementReportsScreen active />}
        {screen === 'district' && <DistrictScreen user={user} onStatusChanged={districtChanged} />}
        {screen === 'network' && <NetworkScreen />}
        {hasCounter && (
          // Kept mounted behind the other tabs so a bill in progress survives a look at another screen.
          <div hidden={screen !== 'counter'}>
            <CounterScreen user={user} active={screen === 'counter'} hospitalName={info.data?.hospitalName ?? ''} counterId={counterId} />
          </div>
        )}
      </main>
      </>
      )}
    </div>
  );
}
