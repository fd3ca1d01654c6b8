/**
 * The checks an exercise is made of. Each reads one thing about one of the learner's keys and
 * says, in words, what it found: "a string, not a hash", "TTL 118 s", "no TTL".
 */
import type { Redis } from 'ioredis';
import type { ExerciseCheck } from '$lib/types';

const check = (label: string, ok: boolean, detail: string): ExerciseCheck => ({
	label,
	ok,
	detail
});

const A = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const TYPE_NAMES: Record<string, string> = { zset: 'sorted set' };
const typeName = (type: string) => TYPE_NAMES[type] ?? type;

/**
 * Reads a key as `type`; a key of another type (Redis answers WRONGTYPE) fails the check with
 * what the key is instead.
 */
async function readAs<T>(
	redis: Redis,
	key: string,
	type: string,
	label: string,
	read: () => Promise<T>,
	judge: (value: T) => ExerciseCheck
): Promise<ExerciseCheck> {
	let value: T;
	try {
		value = await read();
	} catch (error) {
		if (!String((error as Error).message).startsWith('WRONGTYPE')) throw error;
		const found = typeName(await redis.type(key));
		return check(label, false, `${key} is ${A(found)}, not ${A(typeName(type))}`);
	}
	return judge(value);
}

/** The key exists and is of this type (string, hash, list, set, zset, stream). */
export async function isType(redis: Redis, key: string, type: string): Promise<ExerciseCheck> {
	const found = await redis.type(key);
	const label = `${key} is ${A(typeName(type))}`;
	if (found === 'none') return check(label, false, `${key} does not exist`);
	if (found !== type)
		return check(label, false, `${key} is ${A(typeName(found))}, not ${A(typeName(type))}`);
	return check(label, true, `${key} is ${A(typeName(found))}`);
}

/** The key does not exist (any more). */
export async function isGone(redis: Redis, key: string): Promise<ExerciseCheck> {
	const found = await redis.type(key);
	const label = `${key} is gone`;
	return found === 'none'
		? check(label, true, `${key} does not exist`)
		: check(label, false, `${key} still exists (${A(typeName(found))})`);
}

/** The key expires in `min`–`max` seconds from now. */
export async function ttlBetween(
	redis: Redis,
	key: string,
	min: number,
	max: number,
	label = `${key} expires in ${min}–${max} s`
): Promise<ExerciseCheck> {
	const ttl = await redis.ttl(key);
	if (ttl === -2) return check(label, false, `${key} does not exist`);
	if (ttl === -1) return check(label, false, `${key} has no TTL: it never expires`);
	return check(label, ttl >= min && ttl <= max, `TTL ${ttl} s`);
}

/**
 * "About `seconds`": set a moment ago, so up to 10 % (at least 10 s, the time to type a line and
 * press Check) less is fine, more is not.
 */
export const ttlAbout = (redis: Redis, key: string, seconds: number) =>
	ttlBetween(
		redis,
		key,
		seconds - Math.max(10, Math.round(seconds / 10)),
		seconds,
		`${key} expires in about ${seconds} s`
	);

/** The key has no TTL. */
export async function persists(redis: Redis, key: string): Promise<ExerciseCheck> {
	const ttl = await redis.ttl(key);
	const label = `${key} has no TTL`;
	if (ttl === -2) return check(label, false, `${key} does not exist`);
	return check(label, ttl === -1, ttl === -1 ? 'no TTL' : `TTL ${ttl} s`);
}

/** The hash has these fields with these values (other fields are allowed). */
export function hashHas(
	redis: Redis,
	key: string,
	fields: Record<string, string>
): Promise<ExerciseCheck> {
	const names = Object.keys(fields);
	const label = `${key} has ${names.map((name) => `${name}=${fields[name]}`).join(', ')}`;
	return readAs(
		redis,
		key,
		'hash',
		label,
		() => redis.hmget(key, ...names),
		(values) => {
			const wrong = names.flatMap((name, i) =>
				values[i] === fields[name]
					? []
					: [values[i] == null ? `no field ${name}` : `${name} is "${values[i]}"`]
			);
			return check(label, wrong.length === 0, wrong.length ? wrong.join('; ') : 'all there');
		}
	);
}

/** The string's value, exactly. */
export function stringIs(redis: Redis, key: string, value: string): Promise<ExerciseCheck> {
	const label = `${key} is "${value}"`;
	return readAs(
		redis,
		key,
		'string',
		label,
		() => redis.get(key),
		(found) =>
			found === null
				? check(label, false, `${key} does not exist`)
				: check(label, found === value, `${key} is "${found}"`)
	);
}

/** JSON as a learner would read it: `"Oslo"`, `6`, `{"id":6}`; cut after 60 characters. */
function shown(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Where `found` differs from `expected`, in words and by path (`[0].name`, `city`): a missing
 * field, an extra one, a different value or length. `where` names the whole value.
 */
function jsonDifferences(expected: unknown, found: unknown, path: string, where: string): string[] {
	const at = (name: string | number) =>
		typeof name === 'number' ? `${path}[${name}]` : path ? `${path}.${name}` : name;
	if (Array.isArray(expected) && Array.isArray(found)) {
		const sameLength =
			found.length === expected.length
				? []
				: [
						`${path || where} has ${found.length} element${found.length === 1 ? '' : 's'}, not ${expected.length}`
					];
		const common = expected.slice(0, found.length);
		return sameLength.concat(
			common.flatMap((item, i) => jsonDifferences(item, found[i], at(i), where))
		);
	}
	if (isObject(expected) && isObject(found)) {
		const missing = Object.keys(expected).filter((name) => !Object.hasOwn(found, name));
		const extra = Object.keys(found).filter((name) => !Object.hasOwn(expected, name));
		return [
			...missing.map((name) => `no field ${at(name)}`),
			...extra.map((name) => `an extra field ${at(name)}`),
			...Object.keys(expected)
				.filter((name) => Object.hasOwn(found, name))
				.flatMap((name) => jsonDifferences(expected[name], found[name], at(name), where))
		];
	}
	return JSON.stringify(expected) === JSON.stringify(found)
		? []
		: [`${path || where} is ${shown(found)}, not ${shown(expected)}`];
}

/**
 * The string holds this JSON, compared as data: spacing and the order of an object's fields do
 * not matter; a missing, extra or different field is named, at most three at a time.
 */
export function jsonIs(redis: Redis, key: string, expected: unknown): Promise<ExerciseCheck> {
	const label = `${key} holds ${JSON.stringify(expected)}`;
	return readAs(
		redis,
		key,
		'string',
		label,
		() => redis.get(key),
		(found) => {
			if (found === null) return check(label, false, `${key} does not exist`);
			let value: unknown;
			try {
				value = JSON.parse(found);
			} catch {
				const start = found.length > 60 ? `${found.slice(0, 60)}…` : found;
				return check(label, false, `${key} is not JSON: "${start}"`);
			}
			const differences = jsonDifferences(expected, value, '', key);
			const more = differences.length > 3 ? [`${differences.length - 3} more`] : [];
			return check(
				label,
				differences.length === 0,
				differences.length ? [...differences.slice(0, 3), ...more].join('; ') : 'the same JSON'
			);
		}
	);
}

/** The list holds exactly these elements, head first. */
export function listIs(redis: Redis, key: string, elements: string[]): Promise<ExerciseCheck> {
	const quoted = (items: string[]) => items.map((e) => `"${e}"`).join(', ');
	const label = `${key} holds ${elements.length ? quoted(elements) : 'nothing'}`;
	return readAs(
		redis,
		key,
		'list',
		label,
		() => redis.lrange(key, 0, elements.length + 10),
		(found) =>
			check(
				label,
				found.length === elements.length && found.every((e, i) => e === elements[i]),
				found.length ? `it holds ${quoted(found)}` : `${key} is empty or missing`
			)
	);
}

/** The sorted set gives this member this score. */
export function scoreIs(
	redis: Redis,
	key: string,
	member: string,
	score: number
): Promise<ExerciseCheck> {
	const label = `${member} scores ${score} in ${key}`;
	return readAs(
		redis,
		key,
		'zset',
		label,
		() => redis.zscore(key, member),
		(found) =>
			found === null
				? check(label, false, `${member} is not in ${key}`)
				: check(label, Number(found) === score, `${member} scores ${found}`)
	);
}

/** The set holds these members (others are allowed). */
export function setHas(redis: Redis, key: string, members: string[]): Promise<ExerciseCheck> {
	const label = `${key} has ${members.map((m) => `"${m}"`).join(', ')}`;
	return readAs(
		redis,
		key,
		'set',
		label,
		() => redis.smismember(key, ...members),
		(found) => {
			const missing = members.filter((_, i) => !found[i]);
			return check(
				label,
				missing.length === 0,
				missing.length ? `missing ${missing.map((m) => `"${m}"`).join(', ')}` : 'all there'
			);
		}
	);
}
