@hostway-orders @add-service
Feature: Adding a service to a product in an order
  POST /orders/{orderId}/account/products/{productId}/services adds a new service to a product
  in the order (vendor page 003_1ad3c8d24727b2ed.txt). Bodies are read from
  fixtures/hostway-orders/add-service.json: serviceSpecification becomes the profile's
  [hostway-orders] service_specification, and the order-service URL in relatedTo names the
  first service the run added; services are named after [hostway-orders] service_name with
  the run's id, and added with a billing cycle from supported_billing_cycles. The page prints
  no error bodies: only their status is checked. The pages document no delete, so a run adds
  few services (at most 3 by default, --max-created): a set-up ("a service added to the
  order") shares one the run added before. A scenario that adds one changes the order (its
  plan's effect is "changes"), and a run against a real target lists what it added.

  @status-201
  Scenario Outline: A service without related services is added with the smallest or the largest supported billing cycle
    Given an OwnerId cookie with permission
    And the documented example request "add-service"
    And the field "relatedTo" is removed
    And the field "billingCycle" is set to the <which> supported billing cycle
    When I send the request
    Then the response status is 201
    And the Location header points at the new service

    Examples:
      | which    |
      | smallest |
      | largest  |

  @status-201 @example-add-service
  Scenario: The documented service is added, related to one added before, and its Location names it
    Given an OwnerId cookie with permission
    And a service added to the order
    When I send the documented example request "add-service"
    Then the response status is 201
    And the response has no body
    And the Location header points at the new service

  @status-400
  Scenario Outline: A billing cycle outside 1 to 120, or not a whole number, is refused
    Given an OwnerId cookie with permission
    And the documented example request "add-service"
    And the field "relatedTo" is removed
    And the field "billingCycle" is set to <billingCycle>
    When I send the request
    Then the response status is 400

    Examples:
      | billingCycle |
      | 0            |
      | 121          |
      | -1           |
      | 1.5          |

  # The bounds the order builder's PUT page and the accounts API state for the same values:
  # a service name that is not blank (rule 2), a specification that is a service
  # specification's URI (erratum add-name-not-blank, add-service-specification-uri).
  @status-400
  Scenario Outline: A blank name is no valid service name and is refused
    Given an OwnerId cookie with permission
    And the documented example request "add-service"
    And the field "relatedTo" is removed
    And the field "name" is set to <name>
    When I send the request
    Then the response status is 400

    Examples:
      | name  |
      | ""    |
      | "   " |

  @status-400
  Scenario Outline: A service specification that is no service specification URI is refused
    Given an OwnerId cookie with permission
    And the documented example request "add-service"
    And the field "relatedTo" is removed
    And the field "serviceSpecification" is set to "<uri>"
    When I send the request
    Then the response status is 400

    Examples:
      | uri                                |
      | https://api.hostway.com/products/1 |
      | serviceSpecifications/1001         |

  @status-400
  Scenario Outline: Each required field missing in turn is refused
    Given an OwnerId cookie with permission
    And the documented example request "add-service"
    And the field "relatedTo" is removed
    And the field "<field>" is removed
    When I send the request
    Then the response status is 400

    Examples:
      | field                |
      | name                 |
      | serviceSpecification |
      | billingCycle         |

  @status-400
  Scenario Outline: A field of the wrong JSON type is refused
    Given an OwnerId cookie with permission
    And the documented example request "add-service"
    And the field "relatedTo" is removed
    And the field "<field>" is set to <value>
    When I send the request
    Then the response status is 400

    Examples:
      | field                | value  |
      | name                 | 42     |
      | serviceSpecification | true   |
      | billingCycle         | "12"   |
      | relatedTo            | "x"    |
      | relatedTo            | [1]    |

  @status-400
  Scenario Outline: An empty body, invalid JSON or an empty object is refused
    Given an OwnerId cookie with permission
    And a request body that is <body>
    When I send the request
    Then the response status is 400

    Examples:
      | body                 |
      | empty                |
      | not valid JSON       |
      | an empty JSON object |

  @status-401
  Scenario: Adding a service without the OwnerId cookie is unauthorized
    Given no credentials
    And the documented example request "add-service"
    And the field "relatedTo" is removed
    When I send the request
    Then the response status is 401

  @status-401
  Scenario: Adding a service with an invalid OwnerId cookie is unauthorized
    Given an invalid OwnerId cookie
    And the documented example request "add-service"
    And the field "relatedTo" is removed
    When I send the request
    Then the response status is 401

  @status-403
  Scenario: An owner without permission may not add services
    Given an OwnerId cookie without permission
    And the documented example request "add-service"
    And the field "relatedTo" is removed
    When I send the request
    Then the response status is 403

  @status-404
  Scenario: Adding a service to an order that does not exist is not found
    Given an OwnerId cookie with permission
    And an order that does not exist
    And the documented example request "add-service"
    And the field "relatedTo" is removed
    When I send the request
    Then the response status is 404
