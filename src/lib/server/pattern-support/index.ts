/** What pattern modules may import besides db/ queries: the context's type and a few helpers. */
export type {
	Clock,
	ClusterLab,
	InstanceMemory,
	Lab,
	LabOptions,
	MemoryKey,
	PatternContext
} from './context';
export { memoryKey } from './context';
export { moveAllBack } from './lists';
export { defineScript, runScript, type LuaScript } from './lua';
export { execAll, withScores } from './replies';
