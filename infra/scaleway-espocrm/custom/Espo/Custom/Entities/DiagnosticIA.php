<?php

namespace Espo\Custom\Entities;

/** ORM entity class for DiagnosticIA; an explicit class keeps the entity type addressable from custom code. */
class DiagnosticIA extends \Espo\Core\Templates\Entities\Base
{
    public const ENTITY_TYPE = 'DiagnosticIA';
}
