/** The SQL the course runs against the learner's database, one place for every table. */
export const TABLES = ['inventory', 'customers', 'sales'] as const;
export type Table = (typeof TABLES)[number];

export const SELECT_TABLE: Record<Table, string> = {
	inventory: 'SELECT id, name, category, price, stock FROM inventory ORDER BY id',
	customers: 'SELECT id, name, email, city, tier, joined FROM customers ORDER BY id',
	// The view later lessons cache: a three-table join, newest first.
	sales: `SELECT s.id, s.sale_date, p.name AS product, p.price, s.quantity, c.name AS customer, c.city
		FROM sales s
		JOIN inventory p ON p.id = s.product_id
		JOIN customers c ON c.id = s.customer_id
		ORDER BY s.sale_date DESC, s.id DESC`
};

/** One small, visible change per table: what the write demos apply to row 1. */
export const SAMPLE_UPDATE: Record<Table, string> = {
	inventory: 'UPDATE inventory SET stock = stock + 1 WHERE id = 1',
	customers: `UPDATE customers SET city = CASE city WHEN 'Lyon' THEN 'Paris' ELSE 'Lyon' END WHERE id = 1`,
	sales: 'UPDATE sales SET quantity = quantity + 1 WHERE id = 1'
};
