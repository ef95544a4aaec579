import { useEffect, useState } from 'react';
import { api } from './api';
import { useApiCall } from './useApiCall';
import { HomeScreen } from './screens/HomeScreen';
import { CatalogueScreen } from './screens/CatalogueScreen';
import { PeopleScreen } from './screens/PeopleScreen';
import { PharmacyScreen } from './screens/pharmacy/PharmacyScreen';

const SCREENS = [
  { key: 'F1', id: 'home', title: '概况' },
  { key: 'F2', id: 'catalogue', title: '目录查询' },
  { key: 'F3', id: 'people', title: '参保人查询' },
  { key: 'F4', id: 'pharmacy', title: '药房' },
] as const;
type ScreenId = (typeof SCREENS)[number]['id'];

/** The counter's shell: a title bar with the hospital, and F-keys between screens (keyboard first). */
export function App() {
  const [screen, setScreen] = useState<ScreenId>('home');
  const info = useApiCall(() => api['system.info'](), 'info');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = SCREENS.find((s) => s.key === event.key);
      if (target) {
        event.preventDefault();
        setScreen(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="shell">
      <header className="titlebar">
        <h1>乡镇卫生院收费台</h1>
        <span className="hospital" data-testid="hospital-name">
          {info.data ? info.data.hospitalName : info.error ? '' : '正在连接…'}
        </span>
        {info.data?.demo && <span className="badge">演示数据</span>}
        <span className="spacer" />
        {info.data && <span className="muted">收费台 {info.data.counterId} · {info.data.today}</span>}
      </header>
      <nav className="tabs" aria-label="功能">
        {SCREENS.map((s) => (
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
      </main>
    </div>
  );
}
