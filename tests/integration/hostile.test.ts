import { inject } from 'vitest';
import { hostileSuite } from './hostile-suite';

hostileSuite({ url: inject('redisUrl') });
