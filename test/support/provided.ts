// What test/global-setup.ts provides to every test file (vitest's inject()).
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUrl: string;
    redisUrl: string;
  }
}
