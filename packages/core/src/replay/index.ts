export * from './types.ts';
export * from './decisions.ts';
export { RecordingReader, type Recording, type Episode } from './recording.ts';
export { Simulator } from './simulator.ts';
export { replayRecording, replayFacts, whatIfFacts, DRAIN_MS } from './replay.ts';
export { FactsRecorder, FactsReader, type DayFacts } from './facts.ts';
export * from './staffing.ts';
export { encodeInputs, decodeInputs, checkpointInput, CheckpointRun } from './days.ts';
