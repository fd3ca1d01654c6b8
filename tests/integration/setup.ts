import { inject } from 'vitest';

// The app's connection module reads REDIS_URL; point it at the run's real Redis.
process.env.REDIS_URL = inject('redisUrl');
