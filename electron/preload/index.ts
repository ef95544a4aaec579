import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, IPC_CHANNEL, type CounterBridge } from '../../shared/api/transport';

// The page gets exactly one function. Validation happens in the main process, never here.
const bridge: CounterBridge = {
  call: (method, input, token) => ipcRenderer.invoke(IPC_CHANNEL, method, input, token),
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
