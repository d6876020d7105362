-- The catalog: products and one price per currency, in integer minor units.
-- The CHECK constraints mirror OrderDomain's CatalogRules, so no writer can bypass them.
CREATE TABLE products (
    sku         text PRIMARY KEY CHECK (sku ~ '^[A-Za-z0-9._-]{1,64}$'),
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    active      boolean NOT NULL DEFAULT true,
    stock       integer CHECK (stock >= 0),            -- NULL: not tracked
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- The storefront lists only what is on sale.
CREATE INDEX products_active ON products (sku) WHERE active;

CREATE TABLE product_prices (
    sku         text NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
    currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
    PRIMARY KEY (sku, currency)
);
