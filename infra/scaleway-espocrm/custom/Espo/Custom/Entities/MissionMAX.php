<?php

namespace Espo\Custom\Entities;

/** ORM entity class for MissionMAX; an explicit class keeps the entity type addressable from custom code. */
class MissionMAX extends \Espo\Core\Templates\Entities\Base
{
    public const ENTITY_TYPE = 'MissionMAX';
}
