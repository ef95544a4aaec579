import type { LanLink } from '../../../../shared/lan';
import { useApi } from '../../kit';

/** The link is asked this often: a terminal that loses the hospital server says so within seconds. */
export const LINK_REFRESH_MS = 3_000;

/** How this PC is installed and, at a terminal, whether the hospital server answers (`lan.link`). */
export function useLanLink() {
  return useApi('lan.link', {}, { refetchInterval: LINK_REFRESH_MS });
}

export function modeName(link: LanLink): string {
  switch (link.mode) {
    case 'standalone':
      return '单机';
    case 'server':
      return '医院服务器';
    case 'terminal':
      return `终端·收费台 ${link.counterId}`;
  }
}

function modeTitle(link: LanLink): string {
  switch (link.mode) {
    case 'standalone':
      return '单机：本机数据库';
    case 'server':
      return `医院服务器：各窗口经 ${link.address} 连接本机`;
    case 'terminal':
      return `${link.name}：医院服务器 ${link.serverUrl}`;
  }
}

/**
 * The title bar's mode (单机 / 医院服务器 / 终端·收费台 NN) and, at a terminal whose server does not answer,
 * the warning that money work waits until it reconnects by itself.
 */
export function LinkStatus({ link }: { link: LanLink | null }) {
  if (!link) return null;
  const offline = link.mode === 'terminal' && !link.reachable;
  return (
    <span className="link-status" data-testid="link-status" data-mode={link.mode}>
      <span className="link-mode" data-testid="link-mode" title={modeTitle(link)}>
        {modeName(link)}
      </span>
      {offline && (
        <span className="link-offline" role="alert" data-testid="link-offline" title={link.lastError ?? undefined}>
          无法连接医院服务器，正在自动重连…
        </span>
      )}
    </span>
  );
}
