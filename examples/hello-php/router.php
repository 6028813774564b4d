<?php

declare(strict_types=1);

// The router script of `php -S` (deploy/start.sh): every request goes through App.
require __DIR__ . '/src/Settings.php';
require __DIR__ . '/src/App.php';

$settings = Hello\Settings::from(['GANTRY_ENV' => getenv('GANTRY_ENV'), 'GANTRY_IMAGE' => getenv('GANTRY_IMAGE')]);
$app = new Hello\App($settings, __DIR__ . '/FAIL_HEALTH');
$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
[$status, $type, $body] = $app->handle($_SERVER['REQUEST_METHOD'] ?? 'GET', is_string($path) ? $path : '/');
http_response_code($status);
header("Content-Type: $type");
echo $body;
