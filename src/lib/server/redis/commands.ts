/**
 * The data commands the course may send for a learner, by family. Their key positions are in
 * command-table.ts, generated from the server's own COMMAND INFO (see
 * tests/integration/command-table.test.ts); a command missing there cannot be sent at all.
 */
const words = (list: string) => list.trim().split(/\s+/);

export const DATA_COMMANDS: Record<string, string[]> = {
	string: words(`get set setnx setex psetex getset getdel getex mget mset msetnx append strlen
		incr incrby incrbyfloat decr decrby getrange setrange substr lcs`),
	keyspace: words(`del unlink exists expire pexpire expireat pexpireat expiretime pexpiretime ttl
		pttl persist type rename renamenx touch copy scan object|encoding object|freq object|idletime
		object|refcount memory|usage`),
	hash: words(`hset hsetnx hget hmget hmset hgetall hdel hexists hincrby hincrbyfloat hkeys hvals
		hlen hstrlen hrandfield hscan`),
	list: words(`lpush rpush lpushx rpushx lpop rpop llen lrange lindex lset linsert lrem ltrim lpos
		lmove rpoplpush lmpop blpop brpop blmove brpoplpush blmpop`),
	set: words(`sadd srem smembers sismember smismember scard spop srandmember sinter sintercard
		sinterstore sunion sunionstore sdiff sdiffstore smove sscan`),
	sortedSet: words(`zadd zrem zscore zmscore zincrby zcard zcount zrange zrangestore zrevrange
		zrangebyscore zrevrangebyscore zrangebylex zrevrangebylex zlexcount zrank zrevrank
		zremrangebyrank zremrangebyscore zremrangebylex zpopmin zpopmax zmpop bzpopmin bzpopmax bzmpop
		zrandmember zunion zinter zdiff zunionstore zinterstore zdiffstore zintercard zscan`),
	stream: words(`xadd xlen xrange xrevrange xread xreadgroup xack xpending xclaim xautoclaim xdel
		xtrim xgroup|create xgroup|destroy xgroup|createconsumer xgroup|delconsumer xgroup|setid
		xinfo|stream xinfo|groups xinfo|consumers`),
	bitmap: words('setbit getbit bitcount bitpos bitop bitfield bitfield_ro'),
	hyperloglog: words('pfadd pfcount pfmerge'),
	geo: words('geoadd geopos geodist geohash geosearch geosearchstore'),
	transaction: words('multi exec discard watch unwatch'),
	connection: words('ping echo time'),
	// Run by the course only, with its own scripts: never with a learner's code.
	script: words('evalsha fcall script|load'),
	pubsub: words('publish')
};

export const ALL_DATA_COMMANDS: readonly string[] = Object.values(DATA_COMMANDS).flat();
