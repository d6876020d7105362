-- Demo catalog for `make run`: a few products priced in USD, EUR and JPY.
-- Idempotent: products that already exist are left alone (ON CONFLICT DO NOTHING), and
-- prices are only added with a product this run inserted, so a re-run never changes
-- what the merchant has edited since.
WITH inserted AS (
    INSERT INTO products (sku, name, description, active, stock) VALUES
        ('TSHIRT-BLK-M', 'Black T-shirt (M)', 'Organic cotton, medium.', true, 100),
        ('MUG-LOGO', 'Logo mug', 'Stoneware mug, 330 ml.', true, NULL),
        ('STICKER-PACK', 'Sticker pack', 'Five vinyl stickers.', true, 500),
        ('HOODIE-GRY-L', 'Grey hoodie (L)', 'Heavyweight fleece, large. Sold out.', true, 0)
    ON CONFLICT DO NOTHING
    RETURNING sku
)
INSERT INTO product_prices (sku, currency, unit_amount)
SELECT price.sku, price.currency, price.unit_amount
FROM (VALUES
        ('TSHIRT-BLK-M', 'USD', 2500), ('TSHIRT-BLK-M', 'EUR', 2300), ('TSHIRT-BLK-M', 'JPY', 3800),
        ('MUG-LOGO', 'USD', 1250), ('MUG-LOGO', 'EUR', 1150), ('MUG-LOGO', 'JPY', 1900),
        ('STICKER-PACK', 'USD', 500), ('STICKER-PACK', 'EUR', 450), ('STICKER-PACK', 'JPY', 700),
        ('HOODIE-GRY-L', 'USD', 5900), ('HOODIE-GRY-L', 'EUR', 5500), ('HOODIE-GRY-L', 'JPY', 8900)
    ) AS price (sku, currency, unit_amount)
JOIN inserted USING (sku)
ON CONFLICT DO NOTHING;
