import Database from 'better-sqlite3';
import { CUSTOMERS, INVENTORY, SALES, SCHEMA_SQL } from './seed';

let template: Buffer | undefined;

/** The seeded database, serialized once; every learner's database is a copy of it. */
export function seededImage(): Buffer {
	if (template) return template;
	const db = new Database(':memory:');
	db.exec(SCHEMA_SQL);
	const seed = db.transaction(() => {
		const product = db.prepare('INSERT INTO inventory VALUES (?, ?, ?, ?, ?)');
		for (const row of INVENTORY) product.run(...row);
		const customer = db.prepare('INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)');
		for (const row of CUSTOMERS) customer.run(...row);
		const sale = db.prepare('INSERT INTO sales VALUES (?, ?, ?, ?, ?)');
		for (const row of SALES) sale.run(...row);
	});
	seed();
	template = db.serialize();
	db.close();
	return template;
}

/** A fresh in-memory copy of the seeded database. */
export function openSeededDatabase(): Database.Database {
	return new Database(seededImage());
}
