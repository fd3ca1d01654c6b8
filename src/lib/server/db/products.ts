/** The product queries of the invalidation chapter: one product, its category, who bought it. */
export interface Product {
	id: number;
	name: string;
	category: string;
	price: number;
	stock: number;
}

export const SELECT_PRODUCT = 'SELECT id, name, category, price, stock FROM inventory WHERE id = ?';

export const SELECT_CATEGORY =
	'SELECT id, name, price, stock FROM inventory WHERE category = ? ORDER BY id';

export const SELECT_BUYERS =
	'SELECT DISTINCT customer_id AS id FROM sales WHERE product_id = ? ORDER BY customer_id';
