export { ALEInterface, type CreateOptions, type GameInfo, type ScreenDims } from "./interface.ts";
export { Action, JOYSTICK_ACTION_COUNT, actionName } from "./actions.ts";
export { AtariCore, type AtariExports, type WasmSource } from "./wasm.ts";
