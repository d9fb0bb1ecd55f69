<?php

namespace Espo\Custom\Controllers;

/** REST controller for the MissionMAX entity shipped by MAX; without it the entity's API answers 404. */
class MissionMAX extends \Espo\Core\Templates\Controllers\Base
{
}
