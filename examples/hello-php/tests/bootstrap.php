<?php

declare(strict_types=1);

require __DIR__ . '/../src/Settings.php';
require __DIR__ . '/../src/App.php';
