// Generated from COMMAND DOCS by UPDATE_COMMAND_DOCS=1 npx vitest run command-docs.
// Every command of the server, subcommands as "CONFIG GET"; the /commands page shows those the course uses.

export interface CommandDoc {
	summary: string;
	since: string;
	group: string;
	complexity?: string;
}

export const COMMAND_DOCS: Record<string, CommandDoc | undefined> = {
	ACL: {
		summary: 'A container for Access List Control commands ',
		since: '6.0.0',
		group: 'server',
		complexity: 'Depends on subcommand.'
	},
	'ACL CAT': {
		summary: 'List the ACL categories or the commands inside a category',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(1) since the categories and commands are a fixed set.'
	},
	'ACL DELUSER': {
		summary: 'Remove the specified ACL users and the associated rules',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(1) amortized time considering the typical user.'
	},
	'ACL DRYRUN': {
		summary:
			'Returns whether the user can execute the given command without executing the command.',
		since: '7.0.0',
		group: 'server',
		complexity: 'O(1).'
	},
	'ACL GENPASS': {
		summary: 'Generate a pseudorandom secure password to use for ACL users',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'ACL GETUSER': {
		summary: 'Get the rules for a specific ACL user',
		since: '6.0.0',
		group: 'server',
		complexity:
			'O(N). Where N is the number of password, command and pattern rules that the user has.'
	},
	'ACL HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'ACL LIST': {
		summary: 'List the current ACL rules in ACL config file format',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(N). Where N is the number of configured users.'
	},
	'ACL LOAD': {
		summary: 'Reload the ACLs from the configured ACL file',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(N). Where N is the number of configured users.'
	},
	'ACL LOG': {
		summary: 'List latest events denied because of ACLs in place',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(N) with N being the number of entries shown.'
	},
	'ACL SAVE': {
		summary: 'Save the current ACL rules in the configured ACL file',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(N). Where N is the number of configured users.'
	},
	'ACL SETUSER': {
		summary: 'Modify or create the rules for a specific ACL user',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(N). Where N is the number of rules provided.'
	},
	'ACL USERS': {
		summary: 'List the username of all the configured ACL rules',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(N). Where N is the number of configured users.'
	},
	'ACL WHOAMI': {
		summary: 'Return the name of the user associated to the current connection',
		since: '6.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	APPEND: {
		summary: 'Append a value to a key',
		since: '2.0.0',
		group: 'string',
		complexity:
			'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.'
	},
	ASKING: {
		summary: 'Sent by cluster clients after an -ASK redirect',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	AUTH: {
		summary: 'Authenticate to the server',
		since: '1.0.0',
		group: 'connection',
		complexity: 'O(N) where N is the number of passwords defined for the user'
	},
	BGREWRITEAOF: {
		summary: 'Asynchronously rewrite the append-only file',
		since: '1.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	BGSAVE: {
		summary: 'Asynchronously save the dataset to disk',
		since: '1.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	BITCOUNT: {
		summary: 'Count set bits in a string',
		since: '2.6.0',
		group: 'bitmap',
		complexity: 'O(N)'
	},
	BITFIELD: {
		summary: 'Perform arbitrary bitfield integer operations on strings',
		since: '3.2.0',
		group: 'bitmap',
		complexity: 'O(1) for each subcommand specified'
	},
	BITFIELD_RO: {
		summary:
			'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD',
		since: '6.0.0',
		group: 'bitmap',
		complexity: 'O(1) for each subcommand specified'
	},
	BITOP: {
		summary: 'Perform bitwise operations between strings',
		since: '2.6.0',
		group: 'bitmap',
		complexity: 'O(N)'
	},
	BITPOS: {
		summary: 'Find first bit set or clear in a string',
		since: '2.8.7',
		group: 'bitmap',
		complexity: 'O(N)'
	},
	BLMOVE: {
		summary:
			'Pop an element from a list, push it to another list and return it; or block until one is available',
		since: '6.2.0',
		group: 'list',
		complexity: 'O(1)'
	},
	BLMPOP: {
		summary: 'Pop elements from a list, or block until one is available',
		since: '7.0.0',
		group: 'list',
		complexity:
			'O(N+M) where N is the number of provided keys and M is the number of elements returned.'
	},
	BLPOP: {
		summary: 'Remove and get the first element in a list, or block until one is available',
		since: '2.0.0',
		group: 'list',
		complexity: 'O(N) where N is the number of provided keys.'
	},
	BRPOP: {
		summary: 'Remove and get the last element in a list, or block until one is available',
		since: '2.0.0',
		group: 'list',
		complexity: 'O(N) where N is the number of provided keys.'
	},
	BRPOPLPUSH: {
		summary:
			'Pop an element from a list, push it to another list and return it; or block until one is available',
		since: '2.2.0',
		group: 'list',
		complexity: 'O(1)'
	},
	BZMPOP: {
		summary:
			'Remove and return members with scores in a sorted set or block until one is available',
		since: '7.0.0',
		group: 'sorted-set',
		complexity:
			'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.'
	},
	BZPOPMAX: {
		summary:
			'Remove and return the member with the highest score from one or more sorted sets, or block until one is available',
		since: '5.0.0',
		group: 'sorted-set',
		complexity: 'O(log(N)) with N being the number of elements in the sorted set.'
	},
	BZPOPMIN: {
		summary:
			'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available',
		since: '5.0.0',
		group: 'sorted-set',
		complexity: 'O(log(N)) with N being the number of elements in the sorted set.'
	},
	CLIENT: {
		summary: 'A container for client connection commands',
		since: '2.4.0',
		group: 'connection',
		complexity: 'Depends on subcommand.'
	},
	'CLIENT CACHING': {
		summary: 'Instruct the server about tracking or not keys in the next request',
		since: '6.0.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT GETNAME': {
		summary: 'Get the current connection name',
		since: '2.6.9',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT GETREDIR': {
		summary: 'Get tracking notifications redirection client ID if any',
		since: '6.0.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '5.0.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT ID': {
		summary: 'Returns the client ID for the current connection',
		since: '5.0.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT INFO': {
		summary: 'Returns information about the current client connection.',
		since: '6.2.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT KILL': {
		summary: 'Kill the connection of a client',
		since: '2.4.0',
		group: 'connection',
		complexity: 'O(N) where N is the number of client connections'
	},
	'CLIENT LIST': {
		summary: 'Get the list of client connections',
		since: '2.4.0',
		group: 'connection',
		complexity: 'O(N) where N is the number of client connections'
	},
	'CLIENT NO-EVICT': {
		summary: 'Set client eviction mode for the current connection',
		since: '7.0.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT PAUSE': {
		summary: 'Stop processing commands from clients for some time',
		since: '2.9.50',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT REPLY': {
		summary: 'Instruct the server whether to reply to commands',
		since: '3.2.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT SETNAME': {
		summary: 'Set the current connection name',
		since: '2.6.9',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT TRACKING': {
		summary: 'Enable or disable server assisted client side caching support',
		since: '6.0.0',
		group: 'connection',
		complexity: 'O(1). Some options may introduce additional complexity.'
	},
	'CLIENT TRACKINGINFO': {
		summary:
			'Return information about server assisted client side caching for the current connection',
		since: '6.2.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	'CLIENT UNBLOCK': {
		summary: 'Unblock a client blocked in a blocking command from a different connection',
		since: '5.0.0',
		group: 'connection',
		complexity: 'O(log N) where N is the number of client connections'
	},
	'CLIENT UNPAUSE': {
		summary: 'Resume processing of clients that were paused',
		since: '6.2.0',
		group: 'connection',
		complexity: 'O(N) Where N is the number of paused clients'
	},
	CLUSTER: {
		summary: 'A container for cluster commands',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'Depends on subcommand.'
	},
	'CLUSTER ADDSLOTS': {
		summary: 'Assign new hash slots to receiving node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(N) where N is the total number of hash slot arguments'
	},
	'CLUSTER ADDSLOTSRANGE': {
		summary: 'Assign new hash slots to receiving node',
		since: '7.0.0',
		group: 'cluster',
		complexity:
			'O(N) where N is the total number of the slots between the start slot and end slot arguments.'
	},
	'CLUSTER BUMPEPOCH': {
		summary: 'Advance the cluster config epoch',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER COUNT-FAILURE-REPORTS': {
		summary: 'Return the number of failure reports active for a given node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(N) where N is the number of failure reports'
	},
	'CLUSTER COUNTKEYSINSLOT': {
		summary: 'Return the number of local keys in the specified hash slot',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER DELSLOTS': {
		summary: 'Set hash slots as unbound in receiving node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(N) where N is the total number of hash slot arguments'
	},
	'CLUSTER DELSLOTSRANGE': {
		summary: 'Set hash slots as unbound in receiving node',
		since: '7.0.0',
		group: 'cluster',
		complexity:
			'O(N) where N is the total number of the slots between the start slot and end slot arguments.'
	},
	'CLUSTER FAILOVER': {
		summary: 'Forces a replica to perform a manual failover of its master.',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER FLUSHSLOTS': {
		summary: "Delete a node's own slots information",
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER FORGET': {
		summary: 'Remove a node from the nodes table',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER GETKEYSINSLOT': {
		summary: 'Return local key names in the specified hash slot',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(log(N)) where N is the number of requested keys'
	},
	'CLUSTER HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '5.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER INFO': {
		summary: 'Provides info about Redis Cluster node state',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER KEYSLOT': {
		summary: 'Returns the hash slot of the specified key',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(N) where N is the number of bytes in the key'
	},
	'CLUSTER LINKS': {
		summary: 'Returns a list of all TCP links to and from peer nodes in cluster',
		since: '7.0.0',
		group: 'cluster',
		complexity: 'O(N) where N is the total number of Cluster nodes'
	},
	'CLUSTER MEET': {
		summary: 'Force a node cluster to handshake with another node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER MYID': {
		summary: 'Return the node id',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER NODES': {
		summary: 'Get Cluster config for the node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(N) where N is the total number of Cluster nodes'
	},
	'CLUSTER REPLICAS': {
		summary: 'List replica nodes of the specified master node',
		since: '5.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER REPLICATE': {
		summary: 'Reconfigure a node as a replica of the specified master node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER RESET': {
		summary: 'Reset a Redis Cluster node',
		since: '3.0.0',
		group: 'cluster',
		complexity:
			'O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.'
	},
	'CLUSTER SAVECONFIG': {
		summary: 'Forces the node to save cluster state on disk',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER SET-CONFIG-EPOCH': {
		summary: 'Set the configuration epoch in a new node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER SETSLOT': {
		summary: 'Bind a hash slot to a specific node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER SHARDS': {
		summary: 'Get array of cluster slots to node mappings',
		since: '7.0.0',
		group: 'cluster',
		complexity: 'O(N) where N is the total number of cluster nodes'
	},
	'CLUSTER SLAVES': {
		summary: 'List replica nodes of the specified master node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	'CLUSTER SLOTS': {
		summary: 'Get array of Cluster slot to node mappings',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(N) where N is the total number of Cluster nodes'
	},
	COMMAND: {
		summary: 'Get array of Redis command details',
		since: '2.8.13',
		group: 'server',
		complexity: 'O(N) where N is the total number of Redis commands'
	},
	'COMMAND COUNT': {
		summary: 'Get total number of Redis commands',
		since: '2.8.13',
		group: 'server',
		complexity: 'O(1)'
	},
	'COMMAND DOCS': {
		summary: 'Get array of specific Redis command documentation',
		since: '7.0.0',
		group: 'server',
		complexity: 'O(N) where N is the number of commands to look up'
	},
	'COMMAND GETKEYS': {
		summary: 'Extract keys given a full Redis command',
		since: '2.8.13',
		group: 'server',
		complexity: 'O(N) where N is the number of arguments to the command'
	},
	'COMMAND GETKEYSANDFLAGS': {
		summary: 'Extract keys and access flags given a full Redis command',
		since: '7.0.0',
		group: 'server',
		complexity: 'O(N) where N is the number of arguments to the command'
	},
	'COMMAND HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '5.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'COMMAND INFO': {
		summary: 'Get array of specific Redis command details, or all when no argument is given.',
		since: '2.8.13',
		group: 'server',
		complexity: 'O(N) where N is the number of commands to look up'
	},
	'COMMAND LIST': {
		summary: 'Get an array of Redis command names',
		since: '7.0.0',
		group: 'server',
		complexity: 'O(N) where N is the total number of Redis commands'
	},
	CONFIG: {
		summary: 'A container for server configuration commands',
		since: '2.0.0',
		group: 'server',
		complexity: 'Depends on subcommand.'
	},
	'CONFIG GET': {
		summary: 'Get the values of configuration parameters',
		since: '2.0.0',
		group: 'server',
		complexity: 'O(N) when N is the number of configuration parameters provided'
	},
	'CONFIG HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '5.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'CONFIG RESETSTAT': {
		summary: 'Reset the stats returned by INFO',
		since: '2.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'CONFIG REWRITE': {
		summary: 'Rewrite the configuration file with the in memory configuration',
		since: '2.8.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'CONFIG SET': {
		summary: 'Set configuration parameters to the given values',
		since: '2.0.0',
		group: 'server',
		complexity: 'O(N) when N is the number of configuration parameters provided'
	},
	COPY: {
		summary: 'Copy a key',
		since: '6.2.0',
		group: 'generic',
		complexity:
			'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.'
	},
	DBSIZE: {
		summary: 'Return the number of keys in the selected database',
		since: '1.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	DEBUG: {
		summary: 'A container for debugging commands',
		since: '1.0.0',
		group: 'server',
		complexity: 'Depends on subcommand.'
	},
	DECR: {
		summary: 'Decrement the integer value of a key by one',
		since: '1.0.0',
		group: 'string',
		complexity: 'O(1)'
	},
	DECRBY: {
		summary: 'Decrement the integer value of a key by the given number',
		since: '1.0.0',
		group: 'string',
		complexity: 'O(1)'
	},
	DEL: {
		summary: 'Delete a key',
		since: '1.0.0',
		group: 'generic',
		complexity:
			'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).'
	},
	DISCARD: {
		summary: 'Discard all commands issued after MULTI',
		since: '2.0.0',
		group: 'transactions',
		complexity: 'O(N), when N is the number of queued commands'
	},
	DUMP: {
		summary: 'Return a serialized version of the value stored at the specified key.',
		since: '2.6.0',
		group: 'generic',
		complexity:
			'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).'
	},
	ECHO: {
		summary: 'Echo the given string',
		since: '1.0.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	EVAL: {
		summary: 'Execute a Lua script server side',
		since: '2.6.0',
		group: 'scripting',
		complexity: 'Depends on the script that is executed.'
	},
	EVALSHA: {
		summary: 'Execute a Lua script server side',
		since: '2.6.0',
		group: 'scripting',
		complexity: 'Depends on the script that is executed.'
	},
	EVALSHA_RO: {
		summary: 'Execute a read-only Lua script server side',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'Depends on the script that is executed.'
	},
	EVAL_RO: {
		summary: 'Execute a read-only Lua script server side',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'Depends on the script that is executed.'
	},
	EXEC: {
		summary: 'Execute all commands issued after MULTI',
		since: '1.2.0',
		group: 'transactions',
		complexity: 'Depends on commands in the transaction'
	},
	EXISTS: {
		summary: 'Determine if a key exists',
		since: '1.0.0',
		group: 'generic',
		complexity: 'O(N) where N is the number of keys to check.'
	},
	EXPIRE: {
		summary: "Set a key's time to live in seconds",
		since: '1.0.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	EXPIREAT: {
		summary: 'Set the expiration for a key as a UNIX timestamp',
		since: '1.2.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	EXPIRETIME: {
		summary: 'Get the expiration Unix timestamp for a key',
		since: '7.0.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	FAILOVER: {
		summary: 'Start a coordinated failover between this server and one of its replicas.',
		since: '6.2.0',
		group: 'server',
		complexity: 'O(1)'
	},
	FCALL: {
		summary: 'Invoke a function',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'Depends on the function that is executed.'
	},
	FCALL_RO: {
		summary: 'Invoke a read-only function',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'Depends on the function that is executed.'
	},
	FLUSHALL: {
		summary: 'Remove all keys from all databases',
		since: '1.0.0',
		group: 'server',
		complexity: 'O(N) where N is the total number of keys in all databases'
	},
	FLUSHDB: {
		summary: 'Remove all keys from the current database',
		since: '1.0.0',
		group: 'server',
		complexity: 'O(N) where N is the number of keys in the selected database'
	},
	FUNCTION: {
		summary: 'A container for function commands',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'Depends on subcommand.'
	},
	'FUNCTION DELETE': {
		summary: 'Delete a function by name',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'O(1)'
	},
	'FUNCTION DUMP': {
		summary: 'Dump all functions into a serialized binary payload',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'O(N) where N is the number of functions'
	},
	'FUNCTION FLUSH': {
		summary: 'Deleting all functions',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'O(N) where N is the number of functions deleted'
	},
	'FUNCTION HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'O(1)'
	},
	'FUNCTION KILL': {
		summary: 'Kill the function currently in execution.',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'O(1)'
	},
	'FUNCTION LIST': {
		summary: 'List information about all the functions',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'O(N) where N is the number of functions'
	},
	'FUNCTION LOAD': {
		summary: 'Create a function with the given arguments (name, code, description)',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'O(1) (considering compilation time is redundant)'
	},
	'FUNCTION RESTORE': {
		summary: 'Restore all the functions on the given payload',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'O(N) where N is the number of functions on the payload'
	},
	'FUNCTION STATS': {
		summary:
			'Return information about the function currently running (name, description, duration)',
		since: '7.0.0',
		group: 'scripting',
		complexity: 'O(1)'
	},
	GEOADD: {
		summary:
			'Add one or more geospatial items in the geospatial index represented using a sorted set',
		since: '3.2.0',
		group: 'geo',
		complexity:
			'O(log(N)) for each item added, where N is the number of elements in the sorted set.'
	},
	GEODIST: {
		summary: 'Returns the distance between two members of a geospatial index',
		since: '3.2.0',
		group: 'geo',
		complexity: 'O(log(N))'
	},
	GEOHASH: {
		summary: 'Returns members of a geospatial index as standard geohash strings',
		since: '3.2.0',
		group: 'geo',
		complexity:
			'O(log(N)) for each member requested, where N is the number of elements in the sorted set.'
	},
	GEOPOS: {
		summary: 'Returns longitude and latitude of members of a geospatial index',
		since: '3.2.0',
		group: 'geo',
		complexity: 'O(N) where N is the number of members requested.'
	},
	GEORADIUS: {
		summary:
			'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point',
		since: '3.2.0',
		group: 'geo',
		complexity:
			'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.'
	},
	GEORADIUSBYMEMBER: {
		summary:
			'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member',
		since: '3.2.0',
		group: 'geo',
		complexity:
			'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.'
	},
	GEORADIUSBYMEMBER_RO: {
		summary: 'A read-only variant for GEORADIUSBYMEMBER',
		since: '3.2.10',
		group: 'geo',
		complexity:
			'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.'
	},
	GEORADIUS_RO: {
		summary: 'A read-only variant for GEORADIUS',
		since: '3.2.10',
		group: 'geo',
		complexity:
			'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.'
	},
	GEOSEARCH: {
		summary:
			'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.',
		since: '6.2.0',
		group: 'geo',
		complexity:
			'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape'
	},
	GEOSEARCHSTORE: {
		summary:
			'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.',
		since: '6.2.0',
		group: 'geo',
		complexity:
			'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape'
	},
	GET: { summary: 'Get the value of a key', since: '1.0.0', group: 'string', complexity: 'O(1)' },
	GETBIT: {
		summary: 'Returns the bit value at offset in the string value stored at key',
		since: '2.2.0',
		group: 'bitmap',
		complexity: 'O(1)'
	},
	GETDEL: {
		summary: 'Get the value of a key and delete the key',
		since: '6.2.0',
		group: 'string',
		complexity: 'O(1)'
	},
	GETEX: {
		summary: 'Get the value of a key and optionally set its expiration',
		since: '6.2.0',
		group: 'string',
		complexity: 'O(1)'
	},
	GETRANGE: {
		summary: 'Get a substring of the string stored at a key',
		since: '2.4.0',
		group: 'string',
		complexity:
			'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.'
	},
	GETSET: {
		summary: 'Set the string value of a key and return its old value',
		since: '1.0.0',
		group: 'string',
		complexity: 'O(1)'
	},
	HDEL: {
		summary: 'Delete one or more hash fields',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(N) where N is the number of fields to be removed.'
	},
	HELLO: {
		summary: 'Handshake with Redis',
		since: '6.0.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	HEXISTS: {
		summary: 'Determine if a hash field exists',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(1)'
	},
	HGET: {
		summary: 'Get the value of a hash field',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(1)'
	},
	HGETALL: {
		summary: 'Get all the fields and values in a hash',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(N) where N is the size of the hash.'
	},
	HINCRBY: {
		summary: 'Increment the integer value of a hash field by the given number',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(1)'
	},
	HINCRBYFLOAT: {
		summary: 'Increment the float value of a hash field by the given amount',
		since: '2.6.0',
		group: 'hash',
		complexity: 'O(1)'
	},
	HKEYS: {
		summary: 'Get all the fields in a hash',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(N) where N is the size of the hash.'
	},
	HLEN: {
		summary: 'Get the number of fields in a hash',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(1)'
	},
	HMGET: {
		summary: 'Get the values of all the given hash fields',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(N) where N is the number of fields being requested.'
	},
	HMSET: {
		summary: 'Set multiple hash fields to multiple values',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(N) where N is the number of fields being set.'
	},
	HRANDFIELD: {
		summary: 'Get one or multiple random fields from a hash',
		since: '6.2.0',
		group: 'hash',
		complexity: 'O(N) where N is the number of fields returned'
	},
	HSCAN: {
		summary: 'Incrementally iterate hash fields and associated values',
		since: '2.8.0',
		group: 'hash',
		complexity:
			'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..'
	},
	HSET: {
		summary: 'Set the string value of a hash field',
		since: '2.0.0',
		group: 'hash',
		complexity:
			'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.'
	},
	HSETNX: {
		summary: 'Set the value of a hash field, only if the field does not exist',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(1)'
	},
	HSTRLEN: {
		summary: 'Get the length of the value of a hash field',
		since: '3.2.0',
		group: 'hash',
		complexity: 'O(1)'
	},
	HVALS: {
		summary: 'Get all the values in a hash',
		since: '2.0.0',
		group: 'hash',
		complexity: 'O(N) where N is the size of the hash.'
	},
	INCR: {
		summary: 'Increment the integer value of a key by one',
		since: '1.0.0',
		group: 'string',
		complexity: 'O(1)'
	},
	INCRBY: {
		summary: 'Increment the integer value of a key by the given amount',
		since: '1.0.0',
		group: 'string',
		complexity: 'O(1)'
	},
	INCRBYFLOAT: {
		summary: 'Increment the float value of a key by the given amount',
		since: '2.6.0',
		group: 'string',
		complexity: 'O(1)'
	},
	INFO: {
		summary: 'Get information and statistics about the server',
		since: '1.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	KEYS: {
		summary: 'Find all keys matching the given pattern',
		since: '1.0.0',
		group: 'generic',
		complexity:
			'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.'
	},
	LASTSAVE: {
		summary: 'Get the UNIX time stamp of the last successful save to disk',
		since: '1.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	LATENCY: {
		summary: 'A container for latency diagnostics commands',
		since: '2.8.13',
		group: 'server',
		complexity: 'Depends on subcommand.'
	},
	'LATENCY DOCTOR': {
		summary: 'Return a human readable latency analysis report.',
		since: '2.8.13',
		group: 'server',
		complexity: 'O(1)'
	},
	'LATENCY GRAPH': {
		summary: 'Return a latency graph for the event.',
		since: '2.8.13',
		group: 'server',
		complexity: 'O(1)'
	},
	'LATENCY HELP': {
		summary: 'Show helpful text about the different subcommands.',
		since: '2.8.13',
		group: 'server',
		complexity: 'O(1)'
	},
	'LATENCY HISTOGRAM': {
		summary: 'Return the cumulative distribution of latencies of a subset of commands or all.',
		since: '7.0.0',
		group: 'server',
		complexity: 'O(N) where N is the number of commands with latency information being retrieved.'
	},
	'LATENCY HISTORY': {
		summary: 'Return timestamp-latency samples for the event.',
		since: '2.8.13',
		group: 'server',
		complexity: 'O(1)'
	},
	'LATENCY LATEST': {
		summary: 'Return the latest latency samples for all events.',
		since: '2.8.13',
		group: 'server',
		complexity: 'O(1)'
	},
	'LATENCY RESET': {
		summary: 'Reset latency data for one or more events.',
		since: '2.8.13',
		group: 'server',
		complexity: 'O(1)'
	},
	LCS: {
		summary: 'Find longest common substring',
		since: '7.0.0',
		group: 'string',
		complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively'
	},
	LINDEX: {
		summary: 'Get an element from a list by its index',
		since: '1.0.0',
		group: 'list',
		complexity:
			'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).'
	},
	LINSERT: {
		summary: 'Insert an element before or after another element in a list',
		since: '2.2.0',
		group: 'list',
		complexity:
			'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).'
	},
	LLEN: { summary: 'Get the length of a list', since: '1.0.0', group: 'list', complexity: 'O(1)' },
	LMOVE: {
		summary: 'Pop an element from a list, push it to another list and return it',
		since: '6.2.0',
		group: 'list',
		complexity: 'O(1)'
	},
	LMPOP: {
		summary: 'Pop elements from a list',
		since: '7.0.0',
		group: 'list',
		complexity:
			'O(N+M) where N is the number of provided keys and M is the number of elements returned.'
	},
	LOLWUT: {
		summary: 'Display some computer art and the Redis version',
		since: '5.0.0',
		group: 'server'
	},
	LPOP: {
		summary: 'Remove and get the first elements in a list',
		since: '1.0.0',
		group: 'list',
		complexity: 'O(N) where N is the number of elements returned'
	},
	LPOS: {
		summary: 'Return the index of matching elements on a list',
		since: '6.0.6',
		group: 'list',
		complexity:
			'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.'
	},
	LPUSH: {
		summary: 'Prepend one or multiple elements to a list',
		since: '1.0.0',
		group: 'list',
		complexity:
			'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.'
	},
	LPUSHX: {
		summary: 'Prepend an element to a list, only if the list exists',
		since: '2.2.0',
		group: 'list',
		complexity:
			'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.'
	},
	LRANGE: {
		summary: 'Get a range of elements from a list',
		since: '1.0.0',
		group: 'list',
		complexity:
			'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.'
	},
	LREM: {
		summary: 'Remove elements from a list',
		since: '1.0.0',
		group: 'list',
		complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.'
	},
	LSET: {
		summary: 'Set the value of an element in a list by its index',
		since: '1.0.0',
		group: 'list',
		complexity:
			'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).'
	},
	LTRIM: {
		summary: 'Trim a list to the specified range',
		since: '1.0.0',
		group: 'list',
		complexity: 'O(N) where N is the number of elements to be removed by the operation.'
	},
	MEMORY: {
		summary: 'A container for memory diagnostics commands',
		since: '4.0.0',
		group: 'server',
		complexity: 'Depends on subcommand.'
	},
	'MEMORY DOCTOR': {
		summary: 'Outputs memory problems report',
		since: '4.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'MEMORY HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '4.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'MEMORY MALLOC-STATS': {
		summary: 'Show allocator internal stats',
		since: '4.0.0',
		group: 'server',
		complexity: 'Depends on how much memory is allocated, could be slow'
	},
	'MEMORY PURGE': {
		summary: 'Ask the allocator to release memory',
		since: '4.0.0',
		group: 'server',
		complexity: 'Depends on how much memory is allocated, could be slow'
	},
	'MEMORY STATS': {
		summary: 'Show memory usage details',
		since: '4.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'MEMORY USAGE': {
		summary: 'Estimate the memory usage of a key',
		since: '4.0.0',
		group: 'server',
		complexity: 'O(N) where N is the number of samples.'
	},
	MGET: {
		summary: 'Get the values of all the given keys',
		since: '1.0.0',
		group: 'string',
		complexity: 'O(N) where N is the number of keys to retrieve.'
	},
	MIGRATE: {
		summary: 'Atomically transfer a key from a Redis instance to another one.',
		since: '2.6.0',
		group: 'generic',
		complexity:
			'This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.'
	},
	MODULE: {
		summary: 'A container for module commands',
		since: '4.0.0',
		group: 'server',
		complexity: 'Depends on subcommand.'
	},
	'MODULE HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '5.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'MODULE LIST': {
		summary: 'List all modules loaded by the server',
		since: '4.0.0',
		group: 'server',
		complexity: 'O(N) where N is the number of loaded modules.'
	},
	'MODULE LOAD': { summary: 'Load a module', since: '4.0.0', group: 'server', complexity: 'O(1)' },
	'MODULE LOADEX': {
		summary: 'Load a module with extended parameters',
		since: '7.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'MODULE UNLOAD': {
		summary: 'Unload a module',
		since: '4.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	MONITOR: {
		summary: 'Listen for all requests received by the server in real time',
		since: '1.0.0',
		group: 'server'
	},
	MOVE: {
		summary: 'Move a key to another database',
		since: '1.0.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	MSET: {
		summary: 'Set multiple keys to multiple values',
		since: '1.0.1',
		group: 'string',
		complexity: 'O(N) where N is the number of keys to set.'
	},
	MSETNX: {
		summary: 'Set multiple keys to multiple values, only if none of the keys exist',
		since: '1.0.1',
		group: 'string',
		complexity: 'O(N) where N is the number of keys to set.'
	},
	MULTI: {
		summary: 'Mark the start of a transaction block',
		since: '1.2.0',
		group: 'transactions',
		complexity: 'O(1)'
	},
	OBJECT: {
		summary: 'A container for object introspection commands',
		since: '2.2.3',
		group: 'generic',
		complexity: 'Depends on subcommand.'
	},
	'OBJECT ENCODING': {
		summary: 'Inspect the internal encoding of a Redis object',
		since: '2.2.3',
		group: 'generic',
		complexity: 'O(1)'
	},
	'OBJECT FREQ': {
		summary: 'Get the logarithmic access frequency counter of a Redis object',
		since: '4.0.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	'OBJECT HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '6.2.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	'OBJECT IDLETIME': {
		summary: 'Get the time since a Redis object was last accessed',
		since: '2.2.3',
		group: 'generic',
		complexity: 'O(1)'
	},
	'OBJECT REFCOUNT': {
		summary: 'Get the number of references to the value of the key',
		since: '2.2.3',
		group: 'generic',
		complexity: 'O(1)'
	},
	PERSIST: {
		summary: 'Remove the expiration from a key',
		since: '2.2.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	PEXPIRE: {
		summary: "Set a key's time to live in milliseconds",
		since: '2.6.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	PEXPIREAT: {
		summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds',
		since: '2.6.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	PEXPIRETIME: {
		summary: 'Get the expiration Unix timestamp for a key in milliseconds',
		since: '7.0.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	PFADD: {
		summary: 'Adds the specified elements to the specified HyperLogLog.',
		since: '2.8.9',
		group: 'hyperloglog',
		complexity: 'O(1) to add every element.'
	},
	PFCOUNT: {
		summary:
			'Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).',
		since: '2.8.9',
		group: 'hyperloglog',
		complexity:
			'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.'
	},
	PFDEBUG: {
		summary: 'Internal commands for debugging HyperLogLog values',
		since: '2.8.9',
		group: 'hyperloglog',
		complexity: 'N/A'
	},
	PFMERGE: {
		summary: 'Merge N different HyperLogLogs into a single one.',
		since: '2.8.9',
		group: 'hyperloglog',
		complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.'
	},
	PFSELFTEST: {
		summary: 'An internal command for testing HyperLogLog values',
		since: '2.8.9',
		group: 'hyperloglog',
		complexity: 'N/A'
	},
	PING: { summary: 'Ping the server', since: '1.0.0', group: 'connection', complexity: 'O(1)' },
	PSETEX: {
		summary: 'Set the value and expiration in milliseconds of a key',
		since: '2.6.0',
		group: 'string',
		complexity: 'O(1)'
	},
	PSUBSCRIBE: {
		summary: 'Listen for messages published to channels matching the given patterns',
		since: '2.0.0',
		group: 'pubsub',
		complexity: 'O(N) where N is the number of patterns the client is already subscribed to.'
	},
	PSYNC: { summary: 'Internal command used for replication', since: '2.8.0', group: 'server' },
	PTTL: {
		summary: 'Get the time to live for a key in milliseconds',
		since: '2.6.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	PUBLISH: {
		summary: 'Post a message to a channel',
		since: '2.0.0',
		group: 'pubsub',
		complexity:
			'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).'
	},
	PUBSUB: {
		summary: 'A container for Pub/Sub commands',
		since: '2.8.0',
		group: 'pubsub',
		complexity: 'Depends on subcommand.'
	},
	'PUBSUB CHANNELS': {
		summary: 'List active channels',
		since: '2.8.0',
		group: 'pubsub',
		complexity:
			'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)'
	},
	'PUBSUB HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '6.2.0',
		group: 'pubsub',
		complexity: 'O(1)'
	},
	'PUBSUB NUMPAT': {
		summary: 'Get the count of unique patterns pattern subscriptions',
		since: '2.8.0',
		group: 'pubsub',
		complexity: 'O(1)'
	},
	'PUBSUB NUMSUB': {
		summary: 'Get the count of subscribers for channels',
		since: '2.8.0',
		group: 'pubsub',
		complexity: 'O(N) for the NUMSUB subcommand, where N is the number of requested channels'
	},
	'PUBSUB SHARDCHANNELS': {
		summary: 'List active shard channels',
		since: '7.0.0',
		group: 'pubsub',
		complexity:
			'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).'
	},
	'PUBSUB SHARDNUMSUB': {
		summary: 'Get the count of subscribers for shard channels',
		since: '7.0.0',
		group: 'pubsub',
		complexity:
			'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels'
	},
	PUNSUBSCRIBE: {
		summary: 'Stop listening for messages posted to channels matching the given patterns',
		since: '2.0.0',
		group: 'pubsub',
		complexity:
			'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).'
	},
	QUIT: {
		summary: 'Close the connection',
		since: '1.0.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	RANDOMKEY: {
		summary: 'Return a random key from the keyspace',
		since: '1.0.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	READONLY: {
		summary: 'Enables read queries for a connection to a cluster replica node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	READWRITE: {
		summary: 'Disables read queries for a connection to a cluster replica node',
		since: '3.0.0',
		group: 'cluster',
		complexity: 'O(1)'
	},
	RENAME: { summary: 'Rename a key', since: '1.0.0', group: 'generic', complexity: 'O(1)' },
	RENAMENX: {
		summary: 'Rename a key, only if the new key does not exist',
		since: '1.0.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	REPLCONF: {
		summary: 'An internal command for configuring the replication stream',
		since: '3.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	REPLICAOF: {
		summary: 'Make the server a replica of another instance, or promote it as master.',
		since: '5.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	RESET: {
		summary: 'Reset the connection',
		since: '6.2.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	RESTORE: {
		summary: 'Create a key using the provided serialized value, previously obtained using DUMP.',
		since: '2.6.0',
		group: 'generic',
		complexity:
			'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).'
	},
	'RESTORE-ASKING': {
		summary: 'An internal command for migrating keys in a cluster',
		since: '3.0.0',
		group: 'server',
		complexity:
			'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).'
	},
	ROLE: {
		summary: 'Return the role of the instance in the context of replication',
		since: '2.8.12',
		group: 'server',
		complexity: 'O(1)'
	},
	RPOP: {
		summary: 'Remove and get the last elements in a list',
		since: '1.0.0',
		group: 'list',
		complexity: 'O(N) where N is the number of elements returned'
	},
	RPOPLPUSH: {
		summary: 'Remove the last element in a list, prepend it to another list and return it',
		since: '1.2.0',
		group: 'list',
		complexity: 'O(1)'
	},
	RPUSH: {
		summary: 'Append one or multiple elements to a list',
		since: '1.0.0',
		group: 'list',
		complexity:
			'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.'
	},
	RPUSHX: {
		summary: 'Append an element to a list, only if the list exists',
		since: '2.2.0',
		group: 'list',
		complexity:
			'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.'
	},
	SADD: {
		summary: 'Add one or more members to a set',
		since: '1.0.0',
		group: 'set',
		complexity:
			'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.'
	},
	SAVE: {
		summary: 'Synchronously save the dataset to disk',
		since: '1.0.0',
		group: 'server',
		complexity: 'O(N) where N is the total number of keys in all databases'
	},
	SCAN: {
		summary: 'Incrementally iterate the keys space',
		since: '2.8.0',
		group: 'generic',
		complexity:
			'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.'
	},
	SCARD: {
		summary: 'Get the number of members in a set',
		since: '1.0.0',
		group: 'set',
		complexity: 'O(1)'
	},
	SCRIPT: {
		summary: 'A container for Lua scripts management commands',
		since: '2.6.0',
		group: 'scripting',
		complexity: 'Depends on subcommand.'
	},
	'SCRIPT DEBUG': {
		summary: 'Set the debug mode for executed scripts.',
		since: '3.2.0',
		group: 'scripting',
		complexity: 'O(1)'
	},
	'SCRIPT EXISTS': {
		summary: 'Check existence of scripts in the script cache.',
		since: '2.6.0',
		group: 'scripting',
		complexity:
			'O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).'
	},
	'SCRIPT FLUSH': {
		summary: 'Remove all the scripts from the script cache.',
		since: '2.6.0',
		group: 'scripting',
		complexity: 'O(N) with N being the number of scripts in cache'
	},
	'SCRIPT HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '5.0.0',
		group: 'scripting',
		complexity: 'O(1)'
	},
	'SCRIPT KILL': {
		summary: 'Kill the script currently in execution.',
		since: '2.6.0',
		group: 'scripting',
		complexity: 'O(1)'
	},
	'SCRIPT LOAD': {
		summary: 'Load the specified Lua script into the script cache.',
		since: '2.6.0',
		group: 'scripting',
		complexity: 'O(N) with N being the length in bytes of the script body.'
	},
	SDIFF: {
		summary: 'Subtract multiple sets',
		since: '1.0.0',
		group: 'set',
		complexity: 'O(N) where N is the total number of elements in all given sets.'
	},
	SDIFFSTORE: {
		summary: 'Subtract multiple sets and store the resulting set in a key',
		since: '1.0.0',
		group: 'set',
		complexity: 'O(N) where N is the total number of elements in all given sets.'
	},
	SELECT: {
		summary: 'Change the selected database for the current connection',
		since: '1.0.0',
		group: 'connection',
		complexity: 'O(1)'
	},
	SET: {
		summary: 'Set the string value of a key',
		since: '1.0.0',
		group: 'string',
		complexity: 'O(1)'
	},
	SETBIT: {
		summary: 'Sets or clears the bit at offset in the string value stored at key',
		since: '2.2.0',
		group: 'bitmap',
		complexity: 'O(1)'
	},
	SETEX: {
		summary: 'Set the value and expiration of a key',
		since: '2.0.0',
		group: 'string',
		complexity: 'O(1)'
	},
	SETNX: {
		summary: 'Set the value of a key, only if the key does not exist',
		since: '1.0.0',
		group: 'string',
		complexity: 'O(1)'
	},
	SETRANGE: {
		summary: 'Overwrite part of a string at key starting at the specified offset',
		since: '2.2.0',
		group: 'string',
		complexity:
			'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.'
	},
	SHUTDOWN: {
		summary: 'Synchronously save the dataset to disk and then shut down the server',
		since: '1.0.0',
		group: 'server',
		complexity:
			'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)'
	},
	SINTER: {
		summary: 'Intersect multiple sets',
		since: '1.0.0',
		group: 'set',
		complexity:
			'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.'
	},
	SINTERCARD: {
		summary: 'Intersect multiple sets and return the cardinality of the result',
		since: '7.0.0',
		group: 'set',
		complexity:
			'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.'
	},
	SINTERSTORE: {
		summary: 'Intersect multiple sets and store the resulting set in a key',
		since: '1.0.0',
		group: 'set',
		complexity:
			'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.'
	},
	SISMEMBER: {
		summary: 'Determine if a given value is a member of a set',
		since: '1.0.0',
		group: 'set',
		complexity: 'O(1)'
	},
	SLAVEOF: {
		summary: 'Make the server a replica of another instance, or promote it as master.',
		since: '1.0.0',
		group: 'server',
		complexity: 'O(1)'
	},
	SLOWLOG: {
		summary: 'A container for slow log commands',
		since: '2.2.12',
		group: 'server',
		complexity: 'Depends on subcommand.'
	},
	'SLOWLOG GET': {
		summary: "Get the slow log's entries",
		since: '2.2.12',
		group: 'server',
		complexity: 'O(N) where N is the number of entries returned'
	},
	'SLOWLOG HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '6.2.0',
		group: 'server',
		complexity: 'O(1)'
	},
	'SLOWLOG LEN': {
		summary: "Get the slow log's length",
		since: '2.2.12',
		group: 'server',
		complexity: 'O(1)'
	},
	'SLOWLOG RESET': {
		summary: 'Clear all entries from the slow log',
		since: '2.2.12',
		group: 'server',
		complexity: 'O(N) where N is the number of entries in the slowlog'
	},
	SMEMBERS: {
		summary: 'Get all the members in a set',
		since: '1.0.0',
		group: 'set',
		complexity: 'O(N) where N is the set cardinality.'
	},
	SMISMEMBER: {
		summary: 'Returns the membership associated with the given elements for a set',
		since: '6.2.0',
		group: 'set',
		complexity: 'O(N) where N is the number of elements being checked for membership'
	},
	SMOVE: {
		summary: 'Move a member from one set to another',
		since: '1.0.0',
		group: 'set',
		complexity: 'O(1)'
	},
	SORT: {
		summary: 'Sort the elements in a list, set or sorted set',
		since: '1.0.0',
		group: 'generic',
		complexity:
			'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).'
	},
	SORT_RO: {
		summary: 'Sort the elements in a list, set or sorted set. Read-only variant of SORT.',
		since: '7.0.0',
		group: 'generic',
		complexity:
			'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).'
	},
	SPOP: {
		summary: 'Remove and return one or multiple random members from a set',
		since: '1.0.0',
		group: 'set',
		complexity:
			'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.'
	},
	SPUBLISH: {
		summary: 'Post a message to a shard channel',
		since: '7.0.0',
		group: 'pubsub',
		complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.'
	},
	SRANDMEMBER: {
		summary: 'Get one or multiple random members from a set',
		since: '1.0.0',
		group: 'set',
		complexity:
			'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.'
	},
	SREM: {
		summary: 'Remove one or more members from a set',
		since: '1.0.0',
		group: 'set',
		complexity: 'O(N) where N is the number of members to be removed.'
	},
	SSCAN: {
		summary: 'Incrementally iterate Set elements',
		since: '2.8.0',
		group: 'set',
		complexity:
			'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..'
	},
	SSUBSCRIBE: {
		summary: 'Listen for messages published to the given shard channels',
		since: '7.0.0',
		group: 'pubsub',
		complexity: 'O(N) where N is the number of shard channels to subscribe to.'
	},
	STRLEN: {
		summary: 'Get the length of the value stored in a key',
		since: '2.2.0',
		group: 'string',
		complexity: 'O(1)'
	},
	SUBSCRIBE: {
		summary: 'Listen for messages published to the given channels',
		since: '2.0.0',
		group: 'pubsub',
		complexity: 'O(N) where N is the number of channels to subscribe to.'
	},
	SUBSTR: {
		summary: 'Get a substring of the string stored at a key',
		since: '1.0.0',
		group: 'string',
		complexity:
			'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.'
	},
	SUNION: {
		summary: 'Add multiple sets',
		since: '1.0.0',
		group: 'set',
		complexity: 'O(N) where N is the total number of elements in all given sets.'
	},
	SUNIONSTORE: {
		summary: 'Add multiple sets and store the resulting set in a key',
		since: '1.0.0',
		group: 'set',
		complexity: 'O(N) where N is the total number of elements in all given sets.'
	},
	SUNSUBSCRIBE: {
		summary: 'Stop listening for messages posted to the given shard channels',
		since: '7.0.0',
		group: 'pubsub',
		complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.'
	},
	SWAPDB: {
		summary: 'Swaps two Redis databases',
		since: '4.0.0',
		group: 'server',
		complexity:
			'O(N) where N is the count of clients watching or blocking on keys from both databases.'
	},
	SYNC: { summary: 'Internal command used for replication', since: '1.0.0', group: 'server' },
	TIME: {
		summary: 'Return the current server time',
		since: '2.6.0',
		group: 'server',
		complexity: 'O(1)'
	},
	TOUCH: {
		summary:
			'Alters the last access time of a key(s). Returns the number of existing keys specified.',
		since: '3.2.1',
		group: 'generic',
		complexity: 'O(N) where N is the number of keys that will be touched.'
	},
	TTL: {
		summary: 'Get the time to live for a key in seconds',
		since: '1.0.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	TYPE: {
		summary: 'Determine the type stored at key',
		since: '1.0.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	UNLINK: {
		summary:
			'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.',
		since: '4.0.0',
		group: 'generic',
		complexity:
			'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.'
	},
	UNSUBSCRIBE: {
		summary: 'Stop listening for messages posted to the given channels',
		since: '2.0.0',
		group: 'pubsub',
		complexity: 'O(N) where N is the number of clients already subscribed to a channel.'
	},
	UNWATCH: {
		summary: 'Forget about all watched keys',
		since: '2.2.0',
		group: 'transactions',
		complexity: 'O(1)'
	},
	WAIT: {
		summary:
			'Wait for the synchronous replication of all the write commands sent in the context of the current connection',
		since: '3.0.0',
		group: 'generic',
		complexity: 'O(1)'
	},
	WATCH: {
		summary: 'Watch the given keys to determine execution of the MULTI/EXEC block',
		since: '2.2.0',
		group: 'transactions',
		complexity: 'O(1) for every key.'
	},
	XACK: {
		summary:
			'Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1) for each message ID processed.'
	},
	XADD: {
		summary: 'Appends a new entry to a stream',
		since: '5.0.0',
		group: 'stream',
		complexity:
			'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.'
	},
	XAUTOCLAIM: {
		summary:
			'Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.',
		since: '6.2.0',
		group: 'stream',
		complexity: 'O(1) if COUNT is small.'
	},
	XCLAIM: {
		summary:
			'Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.'
	},
	XDEL: {
		summary:
			'Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.'
	},
	XGROUP: {
		summary: 'A container for consumer groups commands',
		since: '5.0.0',
		group: 'stream',
		complexity: 'Depends on subcommand.'
	},
	'XGROUP CREATE': {
		summary: 'Create a consumer group.',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	'XGROUP CREATECONSUMER': {
		summary: 'Create a consumer in a consumer group.',
		since: '6.2.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	'XGROUP DELCONSUMER': {
		summary: 'Delete a consumer from a consumer group.',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	'XGROUP DESTROY': {
		summary: 'Destroy a consumer group.',
		since: '5.0.0',
		group: 'stream',
		complexity: "O(N) where N is the number of entries in the group's pending entries list (PEL)."
	},
	'XGROUP HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	'XGROUP SETID': {
		summary: 'Set a consumer group to an arbitrary last delivered ID value.',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	XINFO: {
		summary: 'A container for stream introspection commands',
		since: '5.0.0',
		group: 'stream',
		complexity: 'Depends on subcommand.'
	},
	'XINFO CONSUMERS': {
		summary: 'List the consumers in a consumer group',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	'XINFO GROUPS': {
		summary: 'List the consumer groups of a stream',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	'XINFO HELP': {
		summary: 'Show helpful text about the different subcommands',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	'XINFO STREAM': {
		summary: 'Get information about a stream',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	XLEN: {
		summary: 'Return the number of entries in a stream',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	XPENDING: {
		summary:
			'Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.',
		since: '5.0.0',
		group: 'stream',
		complexity:
			'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.'
	},
	XRANGE: {
		summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval',
		since: '5.0.0',
		group: 'stream',
		complexity:
			'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).'
	},
	XREAD: {
		summary:
			'Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.',
		since: '5.0.0',
		group: 'stream',
		complexity:
			'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.'
	},
	XREADGROUP: {
		summary:
			'Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.',
		since: '5.0.0',
		group: 'stream',
		complexity:
			'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.'
	},
	XREVRANGE: {
		summary:
			'Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE',
		since: '5.0.0',
		group: 'stream',
		complexity:
			'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).'
	},
	XSETID: {
		summary: 'An internal command for replicating stream values',
		since: '5.0.0',
		group: 'stream',
		complexity: 'O(1)'
	},
	XTRIM: {
		summary: "Trims the stream to (approximately if '~' is passed) a certain size",
		since: '5.0.0',
		group: 'stream',
		complexity:
			'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.'
	},
	ZADD: {
		summary: 'Add one or more members to a sorted set, or update its score if it already exists',
		since: '1.2.0',
		group: 'sorted-set',
		complexity:
			'O(log(N)) for each item added, where N is the number of elements in the sorted set.'
	},
	ZCARD: {
		summary: 'Get the number of members in a sorted set',
		since: '1.2.0',
		group: 'sorted-set',
		complexity: 'O(1)'
	},
	ZCOUNT: {
		summary: 'Count the members in a sorted set with scores within the given values',
		since: '2.0.0',
		group: 'sorted-set',
		complexity: 'O(log(N)) with N being the number of elements in the sorted set.'
	},
	ZDIFF: {
		summary: 'Subtract multiple sorted sets',
		since: '6.2.0',
		group: 'sorted-set',
		complexity:
			'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.'
	},
	ZDIFFSTORE: {
		summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key',
		since: '6.2.0',
		group: 'sorted-set',
		complexity:
			'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.'
	},
	ZINCRBY: {
		summary: 'Increment the score of a member in a sorted set',
		since: '1.2.0',
		group: 'sorted-set',
		complexity: 'O(log(N)) where N is the number of elements in the sorted set.'
	},
	ZINTER: {
		summary: 'Intersect multiple sorted sets',
		since: '6.2.0',
		group: 'sorted-set',
		complexity:
			'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.'
	},
	ZINTERCARD: {
		summary: 'Intersect multiple sorted sets and return the cardinality of the result',
		since: '7.0.0',
		group: 'sorted-set',
		complexity:
			'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.'
	},
	ZINTERSTORE: {
		summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key',
		since: '2.0.0',
		group: 'sorted-set',
		complexity:
			'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.'
	},
	ZLEXCOUNT: {
		summary: 'Count the number of members in a sorted set between a given lexicographical range',
		since: '2.8.9',
		group: 'sorted-set',
		complexity: 'O(log(N)) with N being the number of elements in the sorted set.'
	},
	ZMPOP: {
		summary: 'Remove and return members with scores in a sorted set',
		since: '7.0.0',
		group: 'sorted-set',
		complexity:
			'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.'
	},
	ZMSCORE: {
		summary: 'Get the score associated with the given members in a sorted set',
		since: '6.2.0',
		group: 'sorted-set',
		complexity: 'O(N) where N is the number of members being requested.'
	},
	ZPOPMAX: {
		summary: 'Remove and return members with the highest scores in a sorted set',
		since: '5.0.0',
		group: 'sorted-set',
		complexity:
			'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.'
	},
	ZPOPMIN: {
		summary: 'Remove and return members with the lowest scores in a sorted set',
		since: '5.0.0',
		group: 'sorted-set',
		complexity:
			'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.'
	},
	ZRANDMEMBER: {
		summary: 'Get one or multiple random elements from a sorted set',
		since: '6.2.0',
		group: 'sorted-set',
		complexity: 'O(N) where N is the number of elements returned'
	},
	ZRANGE: {
		summary: 'Return a range of members in a sorted set',
		since: '1.2.0',
		group: 'sorted-set',
		complexity:
			'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.'
	},
	ZRANGEBYLEX: {
		summary: 'Return a range of members in a sorted set, by lexicographical range',
		since: '2.8.9',
		group: 'sorted-set',
		complexity:
			'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).'
	},
	ZRANGEBYSCORE: {
		summary: 'Return a range of members in a sorted set, by score',
		since: '1.0.5',
		group: 'sorted-set',
		complexity:
			'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).'
	},
	ZRANGESTORE: {
		summary: 'Store a range of members from sorted set into another key',
		since: '6.2.0',
		group: 'sorted-set',
		complexity:
			'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.'
	},
	ZRANK: {
		summary: 'Determine the index of a member in a sorted set',
		since: '2.0.0',
		group: 'sorted-set',
		complexity: 'O(log(N))'
	},
	ZREM: {
		summary: 'Remove one or more members from a sorted set',
		since: '1.2.0',
		group: 'sorted-set',
		complexity:
			'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.'
	},
	ZREMRANGEBYLEX: {
		summary: 'Remove all members in a sorted set between the given lexicographical range',
		since: '2.8.9',
		group: 'sorted-set',
		complexity:
			'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.'
	},
	ZREMRANGEBYRANK: {
		summary: 'Remove all members in a sorted set within the given indexes',
		since: '2.0.0',
		group: 'sorted-set',
		complexity:
			'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.'
	},
	ZREMRANGEBYSCORE: {
		summary: 'Remove all members in a sorted set within the given scores',
		since: '1.2.0',
		group: 'sorted-set',
		complexity:
			'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.'
	},
	ZREVRANGE: {
		summary:
			'Return a range of members in a sorted set, by index, with scores ordered from high to low',
		since: '1.2.0',
		group: 'sorted-set',
		complexity:
			'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.'
	},
	ZREVRANGEBYLEX: {
		summary:
			'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.',
		since: '2.8.9',
		group: 'sorted-set',
		complexity:
			'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).'
	},
	ZREVRANGEBYSCORE: {
		summary:
			'Return a range of members in a sorted set, by score, with scores ordered from high to low',
		since: '2.2.0',
		group: 'sorted-set',
		complexity:
			'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).'
	},
	ZREVRANK: {
		summary:
			'Determine the index of a member in a sorted set, with scores ordered from high to low',
		since: '2.0.0',
		group: 'sorted-set',
		complexity: 'O(log(N))'
	},
	ZSCAN: {
		summary: 'Incrementally iterate sorted sets elements and associated scores',
		since: '2.8.0',
		group: 'sorted-set',
		complexity:
			'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..'
	},
	ZSCORE: {
		summary: 'Get the score associated with the given member in a sorted set',
		since: '1.2.0',
		group: 'sorted-set',
		complexity: 'O(1)'
	},
	ZUNION: {
		summary: 'Add multiple sorted sets',
		since: '6.2.0',
		group: 'sorted-set',
		complexity:
			'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.'
	},
	ZUNIONSTORE: {
		summary: 'Add multiple sorted sets and store the resulting sorted set in a new key',
		since: '2.0.0',
		group: 'sorted-set',
		complexity:
			'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.'
	}
};
