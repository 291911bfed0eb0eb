export * from './schemas';
export * from './issues';
export * from './profile';
export { checkElection } from './checkElection';
export { parseJsonText, parseWithSchema, thenCheck } from './parse';
export * from './demo';
