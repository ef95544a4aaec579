import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, IPC_CHANNEL, type CounterBridge } from '../../shared/api/transport';

// The page gets exactly one function. Validation happens in the main process, never here.
const bridge: CounterBridge = {
  call: (method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input),
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
