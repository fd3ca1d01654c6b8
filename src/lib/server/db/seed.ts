/** The primary store every learner starts from: three small tables, seeded identically. */
export const SCHEMA_SQL = `
CREATE TABLE inventory (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	category TEXT NOT NULL,
	price REAL NOT NULL,
	stock INTEGER NOT NULL
);
CREATE TABLE customers (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	email TEXT NOT NULL UNIQUE,
	city TEXT NOT NULL,
	tier TEXT NOT NULL,
	joined TEXT NOT NULL
);
CREATE TABLE sales (
	id INTEGER PRIMARY KEY,
	product_id INTEGER NOT NULL REFERENCES inventory(id),
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	quantity INTEGER NOT NULL,
	sale_date TEXT NOT NULL
);
CREATE INDEX sales_product ON sales(product_id);
CREATE INDEX sales_customer ON sales(customer_id);
`;

export const INVENTORY: [number, string, string, number, number][] = [
	[1, 'Mechanical keyboard', 'peripherals', 89.0, 42],
	[2, 'Wireless mouse', 'peripherals', 29.5, 120],
	[3, '27" monitor', 'displays', 279.0, 15],
	[4, 'USB-C hub', 'accessories', 39.9, 64],
	[5, 'Laptop stand', 'accessories', 45.0, 30],
	[6, 'Noise-cancelling headset', 'audio', 159.0, 22],
	[7, 'Webcam 1080p', 'peripherals', 59.0, 48],
	[8, 'Portable SSD 1 TB', 'storage', 109.0, 35],
	[9, 'Desk lamp', 'accessories', 34.0, 57],
	[10, 'Ergonomic chair', 'furniture', 329.0, 8]
];

export const CUSTOMERS: [number, string, string, string, string, string][] = [
	[1, 'Ada Moreau', 'ada@example.com', 'Lyon', 'gold', '2023-02-14'],
	[2, 'Bilal Khan', 'bilal@example.com', 'Leeds', 'silver', '2023-05-02'],
	[3, 'Chen Wei', 'chen@example.com', 'Lyon', 'bronze', '2023-07-19'],
	[4, 'Dana Novak', 'dana@example.com', 'Prague', 'gold', '2023-09-30'],
	[5, 'Emeka Obi', 'emeka@example.com', 'Leeds', 'bronze', '2024-01-08'],
	[6, 'Freya Lund', 'freya@example.com', 'Oslo', 'silver', '2024-03-21'],
	[7, 'Goran Petrov', 'goran@example.com', 'Prague', 'bronze', '2024-06-11'],
	[8, 'Hana Sato', 'hana@example.com', 'Oslo', 'gold', '2024-08-27']
];

/** [id, product_id, customer_id, quantity, sale_date] */
export const SALES: [number, number, number, number, string][] = [
	[1, 1, 1, 1, '2024-09-02'],
	[2, 3, 4, 2, '2024-09-03'],
	[3, 2, 2, 3, '2024-09-05'],
	[4, 6, 8, 1, '2024-09-06'],
	[5, 10, 4, 1, '2024-09-08'],
	[6, 4, 3, 2, '2024-09-09'],
	[7, 8, 6, 1, '2024-09-11'],
	[8, 5, 5, 1, '2024-09-12'],
	[9, 7, 1, 2, '2024-09-14'],
	[10, 9, 7, 4, '2024-09-15'],
	[11, 1, 8, 1, '2024-09-17'],
	[12, 3, 6, 1, '2024-09-18'],
	[13, 2, 3, 2, '2024-09-20'],
	[14, 6, 2, 1, '2024-09-21'],
	[15, 10, 8, 1, '2024-09-23'],
	[16, 4, 5, 3, '2024-09-24'],
	[17, 8, 1, 2, '2024-09-26'],
	[18, 5, 7, 1, '2024-09-27'],
	[19, 7, 4, 1, '2024-09-29'],
	[20, 9, 2, 2, '2024-09-30']
];

/** The seeded rows are numbered from 1: product ids 1 to PRODUCT_COUNT, and so on. */
export const PRODUCT_COUNT = INVENTORY.length;
export const CUSTOMER_COUNT = CUSTOMERS.length;
export const SALE_COUNT = SALES.length;
