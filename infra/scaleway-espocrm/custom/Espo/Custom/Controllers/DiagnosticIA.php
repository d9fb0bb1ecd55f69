<?php

namespace Espo\Custom\Controllers;

/** REST controller for the DiagnosticIA entity shipped by MAX; without it the entity's API answers 404. */
class DiagnosticIA extends \Espo\Core\Templates\Controllers\Base
{
}
