package io.lantern.testapps.springjpa;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OwnersController {
  private final OwnerRepository owners;

  OwnersController(OwnerRepository owners) {
    this.owners = owners;
  }

  /** N+1: the owners, then each owner's lazy pets. */
  @GetMapping("/owners")
  @Transactional(readOnly = true)
  public String all() {
    StringBuilder out = new StringBuilder();
    for (Owner owner : owners.findAll()) {
      out.append(owner.name).append(':').append(owner.pets.size()).append(' ');
    }
    return out.toString().trim();
  }

  /** Three statements, no N+1: the owner, its pets, the number of owners. bench/run drives it. */
  @GetMapping("/owners/{id}/summary")
  @Transactional(readOnly = true)
  public String summary(@PathVariable("id") long id) {
    return owners.findById(id).map(o -> o.name + ':' + o.pets.size() + '/' + owners.count()).orElse("none");
  }

  @GetMapping("/owners/{id}")
  public String one(@PathVariable("id") long id) {
    return owners.findById(id).map(o -> o.name).orElse("none");
  }
}
